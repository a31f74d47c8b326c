import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('invoice items', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const customer = () => post('/v1/customers', { email: 'ada@example.com' });

  it('creates an amount item, retrieves, updates, lists and deletes it, with events', async () => {
    const api = get();
    const cus = await customer();
    const vat = await post('/v1/tax_rates', { display_name: 'VAT', percentage: '20', inclusive: 'false' });
    const item = await post('/v1/invoiceitems', {
      customer: cus.id,
      amount: 1500,
      currency: 'EUR',
      description: 'Setup fee',
      period: { start: 100, end: 200 },
      discountable: 'false',
      tax_rates: [vat.id],
      metadata: { order: '7' },
    });
    assert.match(item.id, /^ii_/);
    assert.deepEqual(item, {
      id: item.id,
      object: 'invoiceitem',
      amount: 1500,
      currency: 'eur',
      customer: cus.id,
      customer_account: null,
      date: api.clock.now(),
      description: 'Setup fee',
      discountable: false,
      discounts: [],
      invoice: null,
      livemode: false,
      metadata: { order: '7' },
      parent: null,
      period: { end: 200, start: 100 },
      pricing: null,
      proration: false,
      quantity: 1,
      quantity_decimal: '1',
      tax_rates: [vat],
      test_clock: null,
    });
    assert.deepEqual((await api.call('GET', `/v1/invoiceitems/${item.id}`)).body, item);
    const expanded = (await api.call('GET', `/v1/invoiceitems/${item.id}`, { params: { expand: ['customer'] } })).body;
    assert.equal(expanded.customer.email, 'ada@example.com');

    const updated = await post(`/v1/invoiceitems/${item.id}`, { amount: 1700, description: '', tax_rates: '', metadata: { order: '' } });
    assert.deepEqual(updated, { ...item, amount: 1700, description: null, tax_rates: [], metadata: {} });

    const listed = (await api.call('GET', '/v1/invoiceitems', { params: { customer: cus.id, pending: 'true' } })).body;
    assert.deepEqual(listed.data.map((i: any) => i.id), [item.id]);
    assert.equal(listed.url, '/v1/invoiceitems');

    assert.deepEqual((await api.call('DELETE', `/v1/invoiceitems/${item.id}`)).body, { id: item.id, object: 'invoiceitem', deleted: true });
    assert.equal((await api.call('GET', `/v1/invoiceitems/${item.id}`)).status, 404);
    const events = (await api.call('GET', '/v1/events', { params: { limit: 100 } })).body.data.filter((e: any) => e.data.object.id === item.id);
    assert.deepEqual(events.map((e: any) => e.type), ['invoiceitem.deleted', 'invoiceitem.created']);
  });

  it('prices an item from a one-time price (pricing[price], or the older price) and its quantity', async () => {
    const api = get();
    const cus = await customer();
    const price = await post('/v1/prices', { currency: 'usd', unit_amount: 250, product_data: { name: 'Seat' } });
    const item = await post('/v1/invoiceitems', { customer: cus.id, pricing: { price: price.id }, quantity: 3 });
    assert.equal(item.amount, 750);
    assert.equal(item.currency, 'usd');
    assert.deepEqual(item.pricing, { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal: '250' });
    const more = await post(`/v1/invoiceitems/${item.id}`, { quantity: 4 });
    assert.deepEqual([more.quantity, more.amount], [4, 1000]);
    const older = await post('/v1/invoiceitems', { customer: cus.id, price: price.id, quantity: 2 });
    assert.deepEqual([older.amount, older.pricing], [500, item.pricing]);

    // An item of its own amount takes a price later; the price sets its amount.
    const fee = await post('/v1/invoiceitems', { customer: cus.id, amount: 99, currency: 'usd' });
    const repriced = await post(`/v1/invoiceitems/${fee.id}`, { pricing: { price: price.id }, quantity: 2 });
    assert.deepEqual([repriced.amount, repriced.quantity, repriced.pricing], [500, 2, item.pricing]);
    const dearer = await post('/v1/prices', { currency: 'usd', unit_amount: 400, product: price.product });
    const olderUpdate = await post(`/v1/invoiceitems/${fee.id}`, { price: dearer.id });
    assert.deepEqual([olderUpdate.amount, olderUpdate.quantity, olderUpdate.pricing.price_details.price], [800, 2, dearer.id]);

    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, price: price.id, pricing: { price: price.id } } }, {
      status: 400, type: 'invalid_request_error', param: 'pricing[price]', message: 'You may only specify one of these parameters: price, pricing[price].',
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, amount: 5, currency: 'usd', pricing: { price: price.id } } }, {
      status: 400, type: 'invalid_request_error', param: 'amount', message: 'You may only specify one of these parameters: amount, pricing[price].',
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, pricing: { price: 'price_nope' } } }, {
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'pricing[price]', message: "No such price: 'price_nope'",
    });
  });

  it('refuses bad input with the parameter named and nothing written', async () => {
    const api = get();
    const cus = await customer();
    const monthly = await post('/v1/prices', { currency: 'usd', unit_amount: 100, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, currency: 'usd' } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount (or pricing[price]).',
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, amount: 5 } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_missing', param: 'currency', message: 'Missing required param: currency (required with amount).',
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, price: monthly.id } }, {
      status: 400, type: 'invalid_request_error', param: 'price', message: `The price ${monthly.id} is recurring; an invoice item takes a one_time price.`,
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, amount: 5, currency: 'usd', tax_rates: ['txr_nope'] } }, {
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'tax_rates[0]', message: "No such tax rate: 'txr_nope'",
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: 'cus_nope', amount: 5, currency: 'usd' } }, {
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_nope'",
    });
  });

  it('answers 404 for an item of another project or mode', async () => {
    const api = get();
    const cus = await customer();
    const item = await post('/v1/invoiceitems', { customer: cus.id, amount: 100, currency: 'usd' });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      const res = await api.call('GET', `/v1/invoiceitems/${item.id}`, { key });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.message, `No such invoiceitem: '${item.id}'`);
    }
  });

  it('adds an item to a draft invoice, and fixes it once the invoice is finalized', async () => {
    const api = get();
    const cus = await customer();
    const draft = await post('/v1/invoices', { customer: cus.id });
    const item = await post('/v1/invoiceitems', { customer: cus.id, amount: 900, currency: 'usd', invoice: draft.id });
    assert.equal(item.invoice, draft.id);
    assert.deepEqual((await api.call('GET', '/v1/invoiceitems', { params: { invoice: draft.id } })).body.data.map((i: any) => i.id), [item.id]);
    await post(`/v1/invoices/${draft.id}/finalize`);
    await expectRejected(api, 'POST', `/v1/invoiceitems/${item.id}`, { params: { amount: 1 } }, {
      status: 400, type: 'invalid_request_error', param: 'id',
      message: `This invoice item cannot be updated: it is on invoice ${draft.id}, which is open. Only pending items and items on a draft invoice can be updated.`,
    });
    await expectRejected(api, 'DELETE', `/v1/invoiceitems/${item.id}`, {}, {
      status: 400, type: 'invalid_request_error', param: 'id',
      message: `This invoice item cannot be deleted: it is on invoice ${draft.id}, which is open. Only pending items and items on a draft invoice can be deleted.`,
    });
    await expectRejected(api, 'POST', '/v1/invoiceitems', { params: { customer: cus.id, amount: 5, currency: 'usd', invoice: draft.id } }, {
      status: 400, type: 'invalid_request_error', param: 'invoice', message: `Invoice ${draft.id} is open: items can only be added to a draft invoice.`,
    });
  });
});
