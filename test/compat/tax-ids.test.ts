import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('customer tax IDs through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, lists and deletes a customer tax ID; invoices show them', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Tax Payer GmbH' });
    const vat = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' });
    assert.match(vat.id, /^txi_/);
    assert.deepEqual([vat.object, vat.type, vat.value, vat.country, vat.customer, vat.verification?.status], ['tax_id', 'eu_vat', 'DE123456789', 'DE', customer.id, 'unavailable']);
    const abn = await stripe.customers.createTaxId(customer.id, { type: 'au_abn', value: '51 824 753 556' });
    assert.equal(abn.value, '51824753556');
    assert.equal((await stripe.customers.retrieveTaxId(customer.id, vat.id)).value, 'DE123456789');
    const all = await stripe.customers.listTaxIds(customer.id, { limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((t) => t.id), [abn.id, vat.id]);

    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'eur' });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    assert.deepEqual(invoice.customer_tax_ids, [{ type: 'eu_vat', value: 'DE123456789' }, { type: 'au_abn', value: '51824753556' }]);

    const deleted = await stripe.customers.deleteTaxId(customer.id, abn.id);
    assert.deepEqual([deleted.id, deleted.deleted], [abn.id, true]);
    await assertSdkError(stripe.customers.retrieveTaxId(customer.id, abn.id), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such tax_id: '${abn.id}'` });
    await assertSdkError(stripe.customers.createTaxId(customer.id, { type: 'gb_vat', value: 'GB12' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'tax_id_invalid',
      param: 'value',
      message: "Invalid value for gb_vat: 'GB12' is not a valid GB VAT number.",
    });
  });
});
