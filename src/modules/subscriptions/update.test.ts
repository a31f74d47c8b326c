import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { scenario } from '../../../test/scenarios/support.ts';
import { prorate, prorateItemChange } from '../../billing/proration.ts';

/** The same time of day `years` years later, as a calendar would count it (no leap day here). */
const yearsLater = (t: number, years: number) => {
  const d = new Date(t * 1000);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime() / 1000;
};

const DAY = 86_400;

describeEachEngine('subscription updates', createTestApi, (get) => {
  const { post, tenDaysIn } = scenario(get);
  const pendingOf = async (customer: string) =>
    (await get().call('GET', '/v1/invoiceitems', { params: { customer, pending: 'true' } })).body.data.reverse();

  it('upgrades mid-cycle with create_prorations: a credit for 21 unused days and a charge for them, pending', async () => {
    const api = get();
    const { basic, premium, cus, sub, item } = await tenDaysIn();
    const now = api.clock.now();
    const updated = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, price: premium.id }], proration_behavior: 'create_prorations' });
    assert.deepEqual(updated.items.data.map((i: any) => [i.id, i.price.id, i.quantity]), [[item.id, premium.id, 1]]);
    assert.equal(updated.latest_invoice, sub.latest_invoice);
    const pending = await pendingOf(cus.id);
    // 1000 × 21/31 = 677.42 → 677 back; 3000 × 21/31 = 2032.26 → 2032 due.
    assert.deepEqual(pending.map((i: any) => [i.amount, i.description, i.proration, i.period]), [
      [-677, 'Unused time on 1 × Basic after 11 Jan 2026', true, { start: now, end: sub.items.data[0].current_period_end }],
      [2032, 'Remaining time on 1 × Premium after 11 Jan 2026', true, { start: now, end: sub.items.data[0].current_period_end }],
    ]);
    const period = { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end };
    const expected = prorateItemChange(period, now, { before: { price: basic.id, unit_amount: 1000, quantity: 1 }, after: { price: premium.id, unit_amount: 3000, quantity: 1 } });
    assert.deepEqual(pending.map((i: any) => i.amount), expected.map((l) => l.amount));
    const events = (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.updated' } })).body.data;
    assert.equal(events[0].data.object.id, sub.id);
    assert.equal(events[0].data.previous_attributes.items.data[0].price.id, basic.id);
  });

  it('bills a quantity change at once with always_invoice, and bills nothing with none', async () => {
    const api = get();
    const { basic, cus, sub, item } = await tenDaysIn();
    const updated = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, quantity: 3 }], proration_behavior: 'always_invoice', expand: ['latest_invoice'] });
    const invoice = updated.latest_invoice;
    // −677 for one unused seat, +2032 for three: 1355 charged now.
    assert.deepEqual(invoice.lines.data.map((l: any) => l.amount), [-677, 2032]);
    assert.deepEqual([invoice.billing_reason, invoice.status, invoice.total, invoice.amount_paid], ['subscription_update', 'paid', 1355, 1355]);
    assert.deepEqual(await pendingOf(cus.id), []);

    const quiet = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, quantity: 1 }], proration_behavior: 'none' });
    assert.deepEqual([quiet.items.data[0].quantity, quiet.items.data[0].price.id, quiet.latest_invoice], [1, basic.id, invoice.id]);
    assert.deepEqual(await pendingOf(cus.id), []);
  });

  it('changes metadata, cancel_at_period_end and the payment method, and refuses what it cannot change', async () => {
    const api = get();
    const { sub, item } = await tenDaysIn();
    const ending = await post(`/v1/subscriptions/${sub.id}`, { cancel_at_period_end: 'true', metadata: { team: 'core' } });
    assert.deepEqual([ending.cancel_at_period_end, ending.cancel_at, ending.status, ending.metadata], [true, sub.items.data[0].current_period_end, 'active', { team: 'core' }]);
    const resumed = await post(`/v1/subscriptions/${sub.id}`, { cancel_at_period_end: 'false' });
    assert.deepEqual([resumed.cancel_at_period_end, resumed.cancel_at], [false, null]);
    const events = (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.updated' } })).body.data;
    assert.deepEqual(events[0].data.previous_attributes, { cancel_at: sub.items.data[0].current_period_end, cancel_at_period_end: true });

    const stranger = await post('/v1/customers', {});
    const theirs = await post('/v1/payment_methods/pm_card_visa/attach', { customer: stranger.id });
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { default_payment_method: theirs.id } }, {
      status: 400, type: 'invalid_request_error', param: 'default_payment_method',
      message: `The customer does not have a payment method with the ID ${theirs.id}. The payment method must be attached to the customer.`,
    });
    const yearly = await post('/v1/prices', { currency: 'usd', unit_amount: 100, recurring: { interval: 'year' }, product_data: { name: 'Y' } });
    // A yearly item beside the monthly one: a subscription bills all its items over one interval.
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ price: yearly.id }] } }, {
      status: 400, type: 'invalid_request_error', param: 'items[0][price]',
      message: 'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
    });
    await post(`/v1/subscriptions/${sub.id}`, { collection_method: 'send_invoice', days_until_due: 5 });
    const res = await api.call('DELETE', `/v1/subscriptions/${sub.id}`);
    assert.equal(res.status, 200);
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { cancel_at_period_end: 'true' } }, {
      status: 400, type: 'invalid_request_error', param: 'cancel_at_period_end',
      message: 'A canceled subscription can only update its cancellation_details and metadata.',
    });
    assert.deepEqual((await post(`/v1/subscriptions/${sub.id}`, { metadata: { closed: 'yes' } })).metadata, { team: 'core', closed: 'yes' });
  });

  it('moves monthly → yearly: the cycle restarts at the change and is billed at once, the new year in full less the unused month', async () => {
    const api = get();
    const { cus, sub, item } = await tenDaysIn();
    const now = api.clock.now();
    const yearly = await post('/v1/prices', { currency: 'usd', unit_amount: 10000, recurring: { interval: 'year' }, product_data: { name: 'Annual' } });
    // Worked example: Basic's $10.00 paid for [start, end); the seconds from now to its end are
    // unused and credited, 1000 × (end − now) / (end − start), rounded (e.g. 21 of 31 days: 677.42 → 677).
    // The year from now costs 10000 in full; the difference is charged now.
    const [start, end] = [sub.items.data[0].current_period_start, sub.items.data[0].current_period_end];
    assert.equal(now - start, 10 * DAY);
    const credit = Math.round((1000 * (end - now)) / (end - start));
    assert.ok(credit > 600 && credit < 700, `${credit}`);
    const yearEnd = yearsLater(now, 1);
    const preview = (await api.call('POST', '/v1/invoices/create_preview', {
      params: { subscription: sub.id, subscription_details: { items: [{ id: item.id, price: yearly.id }], proration_behavior: 'create_prorations', proration_date: now } },
    })).body;
    assert.deepEqual([preview.billing_reason, preview.total, preview.amount_due], ['subscription_update', 10000 - credit, 10000 - credit]);
    const updated = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, price: yearly.id }], proration_behavior: 'create_prorations', proration_date: now, expand: ['latest_invoice'] });
    assert.deepEqual([updated.billing_cycle_anchor, updated.items.data[0].current_period_start, updated.items.data[0].current_period_end], [now, now, yearEnd]);
    assert.deepEqual([updated.items.data[0].plan.interval, updated.items.data[0].current_period_end], ['year', yearEnd]);
    const invoice = updated.latest_invoice;
    const unused = `Unused time on 1 × Basic after ${new Date(now * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;
    assert.deepEqual(invoice.lines.data.map((l: any) => [l.amount, l.description, l.period]), [
      [-credit, unused, { start: now, end }],
      [10000, '1 × Annual (at $100.00 / year)', { start: now, end: yearEnd }],
    ]);
    assert.deepEqual([invoice.billing_reason, invoice.total, invoice.status, invoice.amount_paid], ['subscription_update', 10000 - credit, 'paid', 10000 - credit]);
    assert.deepEqual(preview.lines.data.map((l: any) => [l.amount, l.description, l.period]), invoice.lines.data.map((l: any) => [l.amount, l.description, l.period]), 'the preview showed these lines');
    assert.deepEqual(await pendingOf(cus.id), []);
    const [event] = (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.updated' } })).body.data;
    assert.equal(event.data.previous_attributes.items.data[0].current_period_end, sub.items.data[0].current_period_end);
  });

  it('moves yearly → quarterly with proration_behavior=none: billed at once all the same, the quarter in full and no credit', async () => {
    const api = get();
    const yearly = await post('/v1/prices', { currency: 'usd', unit_amount: 12000, recurring: { interval: 'year' }, product_data: { name: 'Annual' } });
    const monthly = await post('/v1/prices', { currency: 'usd', unit_amount: 1500, recurring: { interval: 'month', interval_count: 3 }, product_data: { name: 'Quarterly' } });
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: yearly.id }], default_payment_method: pm.id });
    api.clock.advance(100 * DAY);
    const now = api.clock.now();
    const updated = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: sub.items.data[0].id, price: monthly.id }], proration_behavior: 'none', expand: ['latest_invoice'] });
    const end = new Date(now * 1000);
    end.setUTCMonth(end.getUTCMonth() + 3);
    assert.deepEqual([updated.billing_cycle_anchor, updated.items.data[0].current_period_start, updated.items.data[0].current_period_end], [now, now, end.getTime() / 1000]);
    assert.deepEqual(updated.latest_invoice.lines.data.map((l: any) => l.amount), [1500]);
    assert.deepEqual([updated.latest_invoice.billing_reason, updated.latest_invoice.total], ['subscription_update', 1500]);
    // Back to yearly a month into the quarter, prorated: two of its three months are unused.
    api.clock.advance(30 * DAY);
    const later = api.clock.now();
    const quarter = updated.items.data[0].current_period_end - updated.items.data[0].current_period_start;
    const back = (await api.call('POST', '/v1/invoices/create_preview', {
      params: { subscription: sub.id, subscription_details: { items: [{ id: sub.items.data[0].id, price: yearly.id }], proration_behavior: 'always_invoice', proration_date: later } },
    })).body;
    const credit = Math.round((1500 * (updated.items.data[0].current_period_end - later)) / quarter);
    assert.deepEqual(back.lines.data.map((l: any) => [l.amount, l.period.start, l.period.end]), [[-credit, later, updated.items.data[0].current_period_end], [12000, later, yearsLater(later, 1)]]);
    assert.equal(back.total, 12000 - credit);
  });

  it('moves a trialing subscription to yearly billing without billing anything: the trial ends when it did, the first year starts then', async () => {
    const api = get();
    const monthly = await post('/v1/prices', { currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const yearly = await post('/v1/prices', { currency: 'usd', unit_amount: 10000, recurring: { interval: 'year' }, product_data: { name: 'Annual' } });
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: monthly.id }], default_payment_method: pm.id, trial_period_days: 14 });
    api.clock.advance(3 * DAY);
    const moved = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: sub.items.data[0].id, price: yearly.id }] });
    assert.deepEqual([moved.status, moved.trial_end, moved.items.data[0].current_period_end, moved.billing_cycle_anchor, moved.latest_invoice], ['trialing', sub.trial_end, sub.trial_end, sub.billing_cycle_anchor, sub.latest_invoice]);
    const next = (await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } })).body;
    assert.deepEqual(next.lines.data.map((l: any) => [l.amount, l.period]), [[10000, { start: sub.trial_end, end: yearsLater(sub.trial_end, 1) }]]);
  });

  it('credits the whole month when it moves to yearly billing in the second the month began', async () => {
    const api = get();
    const monthly = await post('/v1/prices', { currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const yearly = await post('/v1/prices', { currency: 'usd', unit_amount: 10000, recurring: { interval: 'year' }, product_data: { name: 'Annual' } });
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: monthly.id }], default_payment_method: pm.id });
    assert.equal(api.clock.now(), sub.items.data[0].current_period_start);
    const moved = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: sub.items.data[0].id, price: yearly.id }], expand: ['latest_invoice'] });
    assert.deepEqual(moved.latest_invoice.lines.data.map((l: any) => l.amount), [-1000, 10000]);
    assert.equal(moved.latest_invoice.total, 9000);
  });

  it('removes an item with always_invoice, crediting its unused time, and refuses removing the last one', async () => {
    const api = get();
    const { premium, cus, sub, item } = await tenDaysIn();
    const both = await post(`/v1/subscriptions/${sub.id}`, { items: [{ price: premium.id }], proration_behavior: 'always_invoice', expand: ['latest_invoice'] });
    const period = { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end };
    const rest = (amount: number) => prorate(amount, period, api.clock.now());
    assert.deepEqual([both.items.data.length, both.latest_invoice.total], [2, rest(3000)]);
    const second = both.items.data[1];
    const removed = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, deleted: 'true' }], proration_behavior: 'always_invoice', expand: ['latest_invoice'] });
    assert.deepEqual(removed.items.data.map((i: any) => [i.id, i.price.id]), [[second.id, premium.id]]);
    assert.deepEqual([removed.latest_invoice.lines.data.map((l: any) => l.amount), removed.latest_invoice.total], [[-rest(1000)], -rest(1000)]);
    // The credit is the customer's balance, used by the next invoice.
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, -rest(1000));
    const listed = (await api.call('GET', '/v1/subscription_items', { params: { subscription: sub.id } })).body.data;
    assert.deepEqual(listed.map((i: any) => i.id), [second.id]);

    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ id: second.id, deleted: 'true' }] } }, {
      status: 400, type: 'invalid_request_error', param: 'items',
      message: `A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions/${sub.id}.`,
    });
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ deleted: 'true' }] } }, {
      status: 400, type: 'invalid_request_error', param: 'items[0][id]', code: 'parameter_missing', message: 'Missing required param: items[0][id].',
    });
    const swapped = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: second.id, deleted: 'true' }, { price: item.price.id }], proration_behavior: 'none' });
    assert.deepEqual(swapped.items.data.map((i: any) => i.price.id), [item.price.id]);
  });

  it('refuses a second item of a price the subscription holds, as creation does, so a list by price shows the subscription once', async () => {
    const api = get();
    const { basic, premium, sub, item } = await tenDaysIn();
    const refused = { status: 400, type: 'invalid_request_error', message: 'Cannot add multiple subscription items with the same price.' } as const;
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ price: basic.id }] } }, { ...refused, param: 'items[0][price]' });
    const both = await post(`/v1/subscriptions/${sub.id}`, { items: [{ price: premium.id }], proration_behavior: 'none' });
    const second = both.items.data[1];
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ id: item.id, quantity: 2 }, { id: second.id, price: basic.id }] } }, { ...refused, param: 'items[1][price]' });
    // Trading prices between the two items, or dropping one for a new item of its price, holds each price once.
    const traded = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, price: premium.id }, { id: second.id, price: basic.id }], proration_behavior: 'none' });
    assert.deepEqual(traded.items.data.map((i: any) => i.price.id), [premium.id, basic.id]);
    const readded = await post(`/v1/subscriptions/${sub.id}`, { items: [{ price: premium.id }, { id: item.id, deleted: 'true' }], proration_behavior: 'none' });
    assert.deepEqual(readded.items.data.map((i: any) => i.price.id), [basic.id, premium.id]);
    for (const price of [basic, premium]) {
      assert.deepEqual((await api.call('GET', '/v1/subscriptions', { params: { price: price.id } })).body.data.map((s: any) => s.id), [sub.id]);
    }
  });

  it('replaces the discounts with discounts[]: one kept by its id or coupon is not redeemed again, a new one is, "" removes them', async () => {
    const api = get();
    const { sub } = await tenDaysIn();
    const first = await post('/v1/coupons', { amount_off: 100, currency: 'usd', duration: 'forever' });
    const second = await post('/v1/coupons', { percent_off: 10, duration: 'forever' });
    const withFirst = await post(`/v1/subscriptions/${sub.id}`, { discounts: [{ coupon: first.id }] });
    assert.equal(withFirst.discounts.length, 1);
    const both = await post(`/v1/subscriptions/${sub.id}`, { discounts: [{ discount: withFirst.discounts[0] }, { coupon: second.id }] });
    assert.equal(both.discounts[0], withFirst.discounts[0], 'the kept discount keeps its id');
    assert.equal(both.discounts.length, 2);
    const again = await post(`/v1/subscriptions/${sub.id}`, { discounts: [{ coupon: first.id }, { coupon: second.id }] });
    assert.deepEqual(again.discounts, both.discounts, 'naming their coupons keeps them as they are');
    assert.deepEqual([(await api.call('GET', `/v1/coupons/${first.id}`)).body.times_redeemed, (await api.call('GET', `/v1/coupons/${second.id}`)).body.times_redeemed], [1, 1]);
    // (1000 − 100) × 90% at the renewal.
    assert.equal((await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } })).body.total, 810);
    const unknown = await api.call('POST', `/v1/subscriptions/${sub.id}`, { params: { discounts: [{ discount: 'di_nope' }] } });
    assert.deepEqual([unknown.status, unknown.body.error.param], [400, 'discounts[0][discount]']);
    const none = await post(`/v1/subscriptions/${sub.id}`, { discounts: '' });
    assert.deepEqual(none.discounts, []);
    assert.equal((await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } })).body.total, 1000);
  });
});
