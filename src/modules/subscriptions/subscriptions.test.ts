import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError, expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { addInterval } from '../../billing/periods.ts';

describeEachEngine('subscriptions', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const eventTypes = async (id: string) => {
    const list = (await get().call('GET', '/v1/events', { params: { limit: 100 } })).body;
    return list.data.filter((e: any) => e.data.object.id === id).map((e: any) => e.type).reverse();
  };
  const monthly = (unit_amount = 2000, currency = 'usd') =>
    post('/v1/prices', { currency, unit_amount, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
  const customerWith = async (card?: string, params: Record<string, unknown> = {}) => {
    const cus = await post('/v1/customers', { email: 'sam@example.com', ...params });
    if (!card) return { cus, pm: undefined };
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    return { cus, pm };
  };

  it('starts active with a paid first invoice for the period [now, now + 1 month)', async () => {
    const api = get();
    const price = await monthly();
    const { cus } = await customerWith('pm_card_visa');
    const now = api.clock.now();
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id, quantity: 2 }], metadata: { plan: 'pro' }, expand: ['latest_invoice'] });
    assert.match(sub.id, /^sub_/);
    // 2026-01-01 + one month = 2026-02-01, 31 days later.
    const end = addInterval(now, 'month', 1, 1);
    assert.equal(end, now + 31 * 86_400);
    assert.deepEqual(
      [sub.status, sub.customer, sub.currency, sub.start_date, sub.billing_cycle_anchor, sub.items.data[0].current_period_start, sub.items.data[0].current_period_end, sub.metadata],
      ['active', cus.id, 'usd', now, now, now, end, { plan: 'pro' }],
    );
    const [item] = sub.items.data;
    assert.match(item.id, /^si_/);
    assert.deepEqual([item.object, item.quantity, item.price.id, item.plan.amount, item.current_period_start, item.current_period_end], [
      'subscription_item', 2, price.id, 2000, now, end,
    ]);
    const invoice = sub.latest_invoice;
    assert.deepEqual([invoice.status, invoice.billing_reason, invoice.amount_paid, invoice.total, invoice.parent.subscription_details.subscription], [
      'paid', 'subscription_create', 4000, 4000, sub.id,
    ]);
    assert.deepEqual(invoice.lines.data.map((l: any) => [l.amount, l.description, l.period, l.parent.subscription_item_details.subscription_item]), [
      [4000, '2 × Pro (at $20.00 / month)', { start: now, end }, item.id],
    ]);
    assert.deepEqual(await eventTypes(sub.id), ['customer.subscription.created', 'customer.subscription.updated']);
    const events = (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.updated' } })).body.data;
    assert.deepEqual(events[0].data.previous_attributes, { status: 'incomplete' });
    assert.deepEqual(await eventTypes(invoice.id), ['invoice.created', 'invoice.finalized', 'invoice.payment_succeeded', 'invoice.paid']);

    const fetched = (await api.call('GET', `/v1/subscriptions/${sub.id}`, { params: { expand: ['customer', 'items.data.price.product'] } })).body;
    assert.deepEqual([fetched.customer.id, fetched.items.data[0].price.product.name, fetched.latest_invoice], [cus.id, 'Pro', invoice.id]);
    const items = (await api.call('GET', '/v1/subscription_items', { params: { subscription: sub.id } })).body;
    assert.deepEqual([items.url, items.data.map((i: any) => i.id)], ['/v1/subscription_items', [item.id]]);
    assert.deepEqual((await api.call('GET', `/v1/subscription_items/${item.id}`)).body, fetched.items.data.map((i: any) => ({ ...i, price: { ...i.price, product: price.product } }))[0]);
  });

  it('trials for 14 days with a $0 invoice, without needing a card', async () => {
    const api = get();
    const price = await monthly();
    const { cus } = await customerWith();
    const now = api.clock.now();
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], trial_period_days: 14, expand: ['latest_invoice'] });
    const trialEnd = now + 14 * 86_400;
    assert.deepEqual([sub.status, sub.trial_start, sub.trial_end, sub.billing_cycle_anchor, sub.items.data[0].current_period_end], ['trialing', now, trialEnd, trialEnd, trialEnd]);
    assert.deepEqual([sub.latest_invoice.status, sub.latest_invoice.total, sub.latest_invoice.lines.data[0].description], ['paid', 0, 'Trial period for Pro']);
    assert.deepEqual(await eventTypes(sub.id), ['customer.subscription.created']);
  });

  it('stays incomplete after a decline, and turns active when the invoice is paid with a new card', async () => {
    const api = get();
    const price = await monthly(1500);
    const { cus } = await customerWith('pm_card_chargeCustomerFail');
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], payment_behavior: 'allow_incomplete', expand: ['latest_invoice'] });
    assert.deepEqual([sub.status, sub.latest_invoice.status, sub.latest_invoice.attempt_count, sub.latest_invoice.amount_due], ['incomplete', 'open', 1, 1500]);
    assert.deepEqual(await eventTypes(sub.latest_invoice.id), ['invoice.created', 'invoice.finalized', 'invoice.payment_failed']);
    const visa = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const paid = await post(`/v1/invoices/${sub.latest_invoice.id}/pay`, { payment_method: visa.id });
    assert.equal(paid.status, 'paid');
    assert.equal((await api.call('GET', `/v1/subscriptions/${sub.id}`)).body.status, 'active');
    assert.deepEqual(await eventTypes(sub.id), ['customer.subscription.created', 'customer.subscription.updated']);
  });

  it('writes nothing when error_if_incomplete meets a decline, and leaves an open invoice with default_incomplete', async () => {
    const api = get();
    const price = await monthly();
    const { cus, pm } = await customerWith('pm_card_chargeCustomerFail');
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: cus.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' } }, {
      status: 402, type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_method: pm,
    });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice'] });
    assert.deepEqual([sub.status, sub.latest_invoice.status, sub.latest_invoice.attempt_count], ['incomplete', 'open', 0]);
  });

  it('starts a customer on a test clock at the clock time, a month-end anchor clamped to February', async () => {
    const api = get();
    const price = await monthly();
    const jan31 = 1_769_817_600; // 2026-01-31T00:00:00Z
    const clock = await post('/v1/test_helpers/test_clocks', { frozen_time: jan31 });
    const { cus } = await customerWith('pm_card_visa', { test_clock: clock.id });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    // 2026-02-28T00:00:00Z: January 31 has no February twin.
    assert.deepEqual([sub.status, sub.start_date, sub.items.data[0].current_period_start, sub.items.data[0].current_period_end, sub.test_clock], ['active', jan31, jan31, 1_772_236_800, clock.id]);
  });

  it('lists by customer, price and status, leaving canceled ones out unless asked', async () => {
    const api = get();
    const price = await monthly();
    const other = await monthly(900);
    const { cus } = await customerWith('pm_card_visa');
    const a = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    const b = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: other.id }], trial_period_days: 3 });
    const ids = async (params: Record<string, unknown>) => (await api.call('GET', '/v1/subscriptions', { params: { customer: cus.id, ...params } })).body.data.map((s: any) => s.id);
    assert.deepEqual(await ids({}), [b.id, a.id]);
    assert.deepEqual(await ids({ price: other.id }), [b.id]);
    assert.deepEqual(await ids({ status: 'trialing' }), [b.id]);
    assert.deepEqual(await ids({ status: 'all', limit: 1 }), [b.id]);
  });

  it('lists the subscriptions holding a price, newest first or by created, page by page: an item added later counts, a removed one does not', async () => {
    const api = get();
    const price = await monthly();
    const other = await monthly(900);
    const { cus } = await customerWith('pm_card_visa');
    const start = api.clock.now();
    const subs = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(60);
      subs.push(await post('/v1/subscriptions', { customer: cus.id, items: [{ price: i % 2 === 0 ? price.id : other.id }] }));
    }
    // The second one takes the price on later, the third drops it for the other price.
    await post(`/v1/subscriptions/${subs[1].id}`, { items: [{ price: price.id }], proration_behavior: 'none' });
    await post(`/v1/subscriptions/${subs[2].id}`, { items: [{ id: subs[2].items.data[0].id, deleted: true }, { price: other.id }], proration_behavior: 'none' });
    const ids = async (params: Record<string, unknown>) => (await api.call('GET', '/v1/subscriptions', { params: { price: price.id, ...params } })).body;
    const holders = [subs[4].id, subs[1].id, subs[0].id];
    assert.deepEqual((await ids({})).data.map((s: any) => s.id), holders);
    const first = await ids({ limit: 2 });
    assert.deepEqual([first.data.map((s: any) => s.id), first.has_more], [holders.slice(0, 2), true]);
    const rest = await ids({ limit: 2, starting_after: holders[1] });
    assert.deepEqual([rest.data.map((s: any) => s.id), rest.has_more], [holders.slice(2), false]);
    assert.deepEqual((await ids({ ending_before: holders[2] })).data.map((s: any) => s.id), holders.slice(0, 2));
    assert.deepEqual((await ids({ created: { gte: start + 120 }, limit: 1, starting_after: subs[4].id })).data.map((s: any) => s.id), [subs[1].id]);
    assert.deepEqual((await ids({ created: { lt: start + 120 } })).data.map((s: any) => s.id), [subs[0].id]);
    assert.equal((await api.call('DELETE', `/v1/subscriptions/${subs[0].id}`)).status, 200);
    assert.deepEqual((await ids({})).data.map((s: any) => s.id), holders.slice(0, 2));
    assert.deepEqual((await ids({ status: 'canceled' })).data.map((s: any) => s.id), [subs[0].id]);
    assert.deepEqual((await ids({ status: 'all', customer: cus.id })).data.map((s: any) => s.id), holders);
  });

  it('refuses bad items with the parameter named and nothing written', async () => {
    const api = get();
    const price = await monthly();
    const euros = await monthly(1000, 'eur');
    const yearly = await post('/v1/prices', { currency: 'usd', unit_amount: 100, recurring: { interval: 'year' }, product_data: { name: 'Y' } });
    const once = await post('/v1/prices', { currency: 'usd', unit_amount: 100, product_data: { name: 'Once' } });
    const { cus } = await customerWith('pm_card_visa');
    const refuse = (params: Record<string, unknown>, expected: Record<string, string | number>) =>
      expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: cus.id, ...params } }, { status: 400, type: 'invalid_request_error', ...expected } as any);
    await refuse({}, { code: 'parameter_missing', param: 'items', message: 'Missing required param: items.' });
    await refuse({ items: [{ quantity: 2 }] }, { code: 'parameter_missing', param: 'items[0][price]', message: 'Missing required param: items[0][price].' });
    await refuse({ items: [{ price: once.id }] }, {
      param: 'items[0][price]', message: 'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
    });
    await refuse({ items: [{ price: price.id }, { price: yearly.id }] }, {
      param: 'items[1][price]', message: 'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
    });
    await refuse({ items: [{ price: price.id }, { price: euros.id }] }, {
      param: 'items[1][price]', message: 'The price specified is in eur, but this subscription bills in usd. All items of a subscription must share one currency.',
    });
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: cus.id, items: [{ price: 'price_nope' }] } }, {
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'items[0][price]', message: "No such price: 'price_nope'",
    });
    await refuse({ items: [{ price: price.id }], payment_behavior: 'pending_if_incomplete' }, {
      param: 'payment_behavior', message: 'payment_behavior=pending_if_incomplete is not supported; use allow_incomplete, default_incomplete or error_if_incomplete.',
    });
    const bare = (await customerWith()).cus;
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: bare.id, items: [{ price: price.id }] } }, {
      status: 400, type: 'invalid_request_error', code: 'resource_missing',
      message: 'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
    });
  });

  it('answers 404 for a subscription or item of another project or mode', async () => {
    const api = get();
    const price = await monthly();
    const { cus } = await customerWith('pm_card_visa');
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      const res = await api.call('GET', `/v1/subscriptions/${sub.id}`, { key });
      assertApiError(res, { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such subscription: '${sub.id}'` });
      const item = await api.call('GET', `/v1/subscription_items/${sub.items.data[0].id}`, { key });
      assert.equal(item.status, 404);
    }
  });
});
