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

  it('serves the same tax IDs at /v1/tax_ids with owner[type]=customer, with events', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Owner Ltd' });
    const other = await stripe.customers.create({ name: 'Other Ltd' });
    const vat = await stripe.taxIds.create({ type: 'gb_vat', value: 'GB 123 4567 89', owner: { type: 'customer', customer: customer.id } });
    assert.match(vat.id, /^txi_/);
    assert.deepEqual([vat.type, vat.value, vat.country, vat.customer, vat.owner], ['gb_vat', 'GB123456789', 'GB', customer.id, { customer: customer.id, customer_account: null, type: 'customer' }]);
    const nested = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' });
    await stripe.customers.createTaxId(other.id, { type: 'eu_vat', value: 'FR40303265045' });

    // The same tax IDs, either way.
    assert.deepEqual(await stripe.taxIds.retrieve(nested.id), nested);
    assert.deepEqual(await stripe.customers.retrieveTaxId(customer.id, vat.id), vat);
    const listed = await stripe.taxIds.list({ owner: { type: 'customer', customer: customer.id }, limit: 1 });
    assert.deepEqual([listed.url, listed.has_more, listed.data.map((t) => t.id)], ['/v1/tax_ids', true, [nested.id]]);
    const all = await stripe.taxIds.list({ owner: { type: 'customer', customer: customer.id } }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((t) => t.id), [nested.id, vat.id]);
    const expanded = await stripe.taxIds.retrieve(vat.id, { expand: ['owner.customer'] });
    assert.equal((expanded.owner?.customer as { name: string }).name, 'Owner Ltd');

    assert.deepEqual(await stripe.taxIds.del(vat.id), { id: vat.id, object: 'tax_id', deleted: true });
    assert.deepEqual((await stripe.customers.listTaxIds(customer.id)).data.map((t) => t.id), [nested.id]);
    const events = (await stripe.events.list({ type: 'customer.tax_id.*' })).data.filter((e) => (e.data.object as { id: string }).id === vat.id);
    assert.deepEqual(events.map((e) => e.type), ['customer.tax_id.deleted', 'customer.tax_id.created']);
    assert.deepEqual(events[1].data.object, vat);

    const invalid = (param: string, message: string, code?: string) => ({ type: 'StripeInvalidRequestError', statusCode: 400, param, message, code });
    const onlyCustomers = (type: string) => invalid('owner[type]', `owner[type]=${type} is not supported: Bursar keeps the tax IDs of customers only. Pass owner[type]=customer and owner[customer].`);
    await assertSdkError(stripe.taxIds.create({ type: 'gb_vat', value: 'GB123456789' }), onlyCustomers('self'));
    await assertSdkError(stripe.taxIds.create({ type: 'gb_vat', value: 'GB123456789', owner: { type: 'account', account: 'acct_1' } }), onlyCustomers('account'));
    await assertSdkError(stripe.taxIds.list({ owner: { type: 'application' } }), onlyCustomers('application'));
    await assertSdkError(stripe.taxIds.list(), onlyCustomers('self'));
    await assertSdkError(stripe.taxIds.create({ type: 'gb_vat', value: 'GB123456789', owner: { type: 'customer' } }),
      invalid('owner[customer]', 'Missing required param: owner[customer] (required with owner[type]=customer).', 'parameter_missing'));
    await assertSdkError(stripe.taxIds.create({ type: 'gb_vat', value: 'GB123456789', owner: { type: 'customer', customer: 'cus_nope' } }),
      { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'owner[customer]', message: "No such customer: 'cus_nope'" });
    await assertSdkError(stripe.taxIds.retrieve(vat.id), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such tax_id: '${vat.id}'` });
  });

  it("shows a customer's tax_ids only when expanded, as Stripe does", async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Expand AB' });
    const first = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'NL123456789B01' });
    const second = await stripe.customers.createTaxId(customer.id, { type: 'no_vat', value: '123456789MVA' });
    assert.equal((await stripe.customers.retrieve(customer.id) as { tax_ids?: unknown }).tax_ids, undefined);
    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['tax_ids'] }) as { tax_ids: { object: string; url: string; has_more: boolean; data: { id: string }[] } };
    assert.deepEqual([expanded.tax_ids.object, expanded.tax_ids.url, expanded.tax_ids.has_more], ['list', `/v1/customers/${customer.id}/tax_ids`, false]);
    assert.deepEqual(expanded.tax_ids.data.map((t) => t.id), [second.id, first.id]);
    const listed = await stripe.customers.list({ expand: ['data.tax_ids'], limit: 100 });
    assert.deepEqual(listed.data.find((c) => c.id === customer.id)?.tax_ids?.data.map((t) => t.id), [second.id, first.id]);
    await assertSdkError(stripe.customers.retrieve(customer.id, { expand: ['tax_ids.data.nope'] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'expand', message: 'This property cannot be expanded (tax_ids.data.nope).', code: undefined,
    });
  });
});
