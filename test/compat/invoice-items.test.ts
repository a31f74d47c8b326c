import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('invoice items through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates, lists and deletes invoice items', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 1200, currency: 'usd', description: 'Onboarding' });
    assert.match(item.id, /^ii_/);
    assert.deepEqual([item.object, item.amount, item.currency, item.invoice, item.proration], ['invoiceitem', 1200, 'usd', null, false]);
    const retrieved = await stripe.invoiceItems.retrieve(item.id, { expand: ['customer'] });
    assert.equal((retrieved.customer as { email: string }).email, 'ada@example.com');

    const updated = await stripe.invoiceItems.update(item.id, { amount: 1300, metadata: { po: '42' } });
    assert.deepEqual([updated.amount, updated.metadata], [1300, { po: '42' }]);
    const second = await stripe.invoiceItems.create({ customer: customer.id, amount: 50, currency: 'usd' });
    const all = await stripe.invoiceItems.list({ customer: customer.id, pending: true, limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((i) => i.id), [second.id, item.id]);

    const deleted = await stripe.invoiceItems.del(item.id);
    assert.deepEqual(deleted, { id: item.id, object: 'invoiceitem', deleted: true });
    await assertSdkError(stripe.invoiceItems.retrieve(item.id), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: `No such invoiceitem: '${item.id}'`,
    });
  });

  it('prices an item with pricing[price], and shows the price in its pricing and its invoice line', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'seats@example.com' });
    const price = await stripe.prices.create({ currency: 'eur', unit_amount: 1250, product_data: { name: 'Extra seat' } });
    const item = await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, quantity: 3 });
    assert.deepEqual([item.amount, item.currency, item.quantity], [3750, 'eur', 3]);
    assert.deepEqual([item.pricing?.type, item.pricing?.price_details, String(item.pricing?.unit_amount_decimal)], ['price_details', { price: price.id, product: price.product }, '1250']);
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    assert.deepEqual([invoice.currency, invoice.total, invoice.lines.data[0].pricing], ['eur', 3750, item.pricing]);
    const created = await stripe.events.list({ type: 'invoiceitem.created' });
    const event = created.data.find((e) => (e.data.object as { id: string }).id === item.id);
    assert.deepEqual((event?.data.object as { pricing: { price_details: unknown } }).pricing.price_details, { price: price.id, product: price.product });
    await assertSdkError(stripe.invoiceItems.create({ customer: customer.id, pricing: { price: 'price_nope' } }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'pricing[price]', message: "No such price: 'price_nope'",
    });
  });
});
