import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('search through the stripe SDK', startSdkServer, (sdk) => {
  it('searches customers, pages through every match with autoPagingEach, and writes no event', async () => {
    const { stripe } = sdk();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await stripe.customers.create({ email: `member${i}@club.example`, name: `Member ${i}`, metadata: { club: i % 2 === 0 ? 'even' : 'odd' } });
      made.push(c.id);
    }
    await stripe.customers.create({ email: 'outsider@example.com', name: 'Outsider' });
    const eventsBefore = (await stripe.events.list({ limit: 100 })).data.length;

    const page = await stripe.customers.search({ query: 'email~"club.example" AND metadata["club"]:"even"', limit: 2 });
    assert.equal(page.object, 'search_result');
    assert.deepEqual(page.data.map((c) => c.name), ['Member 6', 'Member 4']);
    assert.equal(page.has_more, true);
    assert.equal(typeof page.next_page, 'string');
    assert.equal(page.url, '/v1/customers/search');

    const seen: string[] = [];
    await stripe.customers.search({ query: 'email~"club.example"', limit: 3 }).autoPagingEach((c) => {
      seen.push(c.id);
    });
    assert.deepEqual(seen, [...made].reverse(), 'every member once, newest first, over three pages');

    const all = await stripe.customers.search({ query: 'name~"member"', limit: 100 }).autoPagingToArray({ limit: 100 });
    assert.equal(all.length, 7);

    const counted = await stripe.customers.search({ query: 'metadata["club"]:"odd"', expand: ['total_count'], limit: 1 });
    assert.equal(counted.total_count, 3);
    assert.equal(counted.data.length, 1);

    assert.equal((await stripe.events.list({ limit: 100 })).data.length, eventsBefore);
  });

  it('searches products, prices, subscriptions and invoices', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Searchable Pro', metadata: { line: 'saas' } });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' }, lookup_key: 'searchable_pro' });
    const customer = await stripe.customers.create({ email: 'subscriber@example.com' });
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { source: 'search-test' } });

    const products = await stripe.products.search({ query: 'name:"searchable pro" AND metadata["line"]:"saas"' });
    assert.deepEqual(products.data.map((p) => p.id), [product.id]);
    const prices = await stripe.prices.search({ query: 'lookup_key:"searchable_pro" active:"true"', expand: ['data.product'] });
    assert.equal(prices.data.length, 1);
    assert.equal((prices.data[0]!.product as { name: string }).name, 'Searchable Pro');
    const subscriptions = await stripe.subscriptions.search({ query: 'status:"active" AND metadata["source"]:"search-test"' });
    assert.deepEqual(subscriptions.data.map((s) => s.id), [subscription.id]);
    const invoices = await stripe.invoices.search({ query: `customer:"${customer.id}" status:"paid"` });
    assert.deepEqual(invoices.data.map((i) => i.id), [subscription.latest_invoice]);
    assert.equal(invoices.data[0]!.total, 1200);
  });

  it('answers a bad query with an invalid request error on query', async () => {
    const { stripe } = sdk();
    await assertSdkError(stripe.invoices.search({ query: 'status:"open" OR total>1000 AND currency:"usd"' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'Invalid search query: invoices cannot be searched by `total`; the fields are created, currency, customer, metadata, number, status, subscription (at character 18).',
      param: 'query',
    });
    await assertSdkError(stripe.subscriptions.search({ query: 'status:"active" OR created>0 AND metadata["a"]:"b"' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'Invalid search query: AND and OR cannot be combined in one query: AND here, but OR at character 17 (at character 30).',
      param: 'query',
    });
  });
});
