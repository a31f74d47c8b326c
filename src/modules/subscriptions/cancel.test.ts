import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { isProration } from '../invoices/line-text.ts';

const DAY = 86_400;

describeEachEngine('subscription cancellation', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const del = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('DELETE', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const subscribed = async (params: Record<string, unknown> = {}) => {
    const price = await post('/v1/prices', { currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    return post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], default_payment_method: pm.id, ...params });
  };

  it('marks cancel_at_period_end with cancel_at at the period end, still active', async () => {
    const sub = await subscribed({ cancel_at_period_end: 'true' });
    assert.deepEqual([sub.status, sub.cancel_at_period_end, sub.cancel_at, sub.canceled_at], ['active', true, sub.items.data[0].current_period_end, null]);
  });

  it('cancels now, crediting the unused 21 of 31 days to the customer balance with invoice_now', async () => {
    const api = get();
    const sub = await subscribed();
    api.clock.advance(10 * DAY);
    const now = api.clock.now();
    const canceled = await del(`/v1/subscriptions/${sub.id}`, { prorate: 'true', invoice_now: 'true', cancellation_details: { comment: 'Too pricey' } });
    assert.deepEqual([canceled.status, canceled.canceled_at, canceled.ended_at, canceled.cancellation_details], [
      'canceled', now, now, { comment: 'Too pricey', feedback: null, feedback_option: null, reason: 'cancellation_requested' },
    ]);
    assert.notEqual(canceled.latest_invoice, sub.latest_invoice);
    const final = (await api.call('GET', `/v1/invoices/${canceled.latest_invoice}`)).body;
    // 3000 × 21 / 31 = 2032.26 → 2032 credited.
    assert.deepEqual(final.lines.data.map((l: any) => [l.amount, l.description, isProration(l), l.period]), [
      [-2032, 'Unused time on 1 × Pro after 11 Jan 2026', true, { start: now, end: sub.items.data[0].current_period_end }],
    ]);
    assert.deepEqual([final.status, final.total, final.amount_due, final.ending_balance], ['paid', -2032, 0, -2032]);
    assert.equal((await api.call('GET', `/v1/customers/${sub.customer}`)).body.balance, -2032);
    const events = (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.deleted' } })).body.data;
    assert.deepEqual(events.map((e: any) => e.data.object.id), [sub.id]);
    assert.deepEqual((await api.call('GET', '/v1/subscriptions', { params: { customer: sub.customer } })).body.data, []);
    const ended = (await api.call('GET', '/v1/subscriptions', { params: { customer: sub.customer, status: 'canceled' } })).body.data;
    assert.deepEqual(ended.map((s: any) => s.id), [sub.id]);
    await expectRejected(api, 'DELETE', `/v1/subscriptions/${sub.id}`, {}, {
      status: 400, type: 'invalid_request_error', param: 'id', message: `Subscription ${sub.id} is already canceled.`,
    });
  });

  it('cancels without a credit unless asked to prorate', async () => {
    const api = get();
    const sub = await subscribed();
    api.clock.advance(3 * DAY);
    const canceled = await del(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([canceled.status, canceled.latest_invoice], ['canceled', sub.latest_invoice]);
    const pending = (await api.call('GET', '/v1/invoiceitems', { params: { customer: sub.customer, pending: 'true' } })).body.data;
    assert.deepEqual(pending, []);
    const kept = await subscribed();
    api.clock.advance(DAY);
    const credited = await del(`/v1/subscriptions/${kept.id}`, { prorate: 'true' });
    assert.deepEqual([credited.status, credited.latest_invoice], ['canceled', kept.latest_invoice]);
    // Without invoice_now the credit waits, pending, for the customer's next invoice: 3000 × 30 / 31 = 2903.2 → 2903.
    const items = (await api.call('GET', '/v1/invoiceitems', { params: { customer: kept.customer, pending: 'true' } })).body.data;
    assert.deepEqual(items.map((i: any) => [i.amount, i.proration, i.parent.subscription_details.subscription]), [[-2903, true, kept.id]]);
  });
});
