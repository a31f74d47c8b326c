import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('renewals on a test clock', createTestApi, (api) => {
  const s = scenario(api);

  it('renews monthly from Jan 31 2024 thirteen times, each period ending on the last day of a short month', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    assert.equal(sub.items.data[0].current_period_end, utc('2024-02-29'));
    const ready = await s.advance(clock.id, utc('2025-02-28'));
    assert.equal(ready.status, 'ready');

    const invoices = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => i.billing_reason), ['subscription_create', ...Array(13).fill('subscription_cycle')]);
    assert.deepEqual(invoices.map((i: any) => [i.status, i.amount_paid]), Array(14).fill(['paid', 2000]));
    const ends = ['2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30', '2024-07-31', '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30', '2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31'];
    assert.deepEqual(invoices.map((i: any) => i.lines.data[0].period.end), ends.map(utc));
    assert.deepEqual(invoices.slice(1).map((i: any) => i.lines.data[0].period.start), ends.slice(0, -1).map(utc));
    const after = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([after.status, after.items.data[0].current_period_start, after.items.data[0].current_period_end, after.latest_invoice], ['active', utc('2025-02-28'), utc('2025-03-31'), invoices.at(-1).id]);

    // Advancing again within the period bills nothing more.
    await s.advance(clock.id, utc('2025-03-30'));
    assert.equal((await s.invoicesOf(cus.id, sub.id)).length, 14);
  });

  it('ends a subscription set to cancel at period end, at that time, without a new invoice', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.post(`/v1/subscriptions/${sub.id}`, { cancel_at_period_end: true });
    await s.advance(clock.id, utc('2024-02-28'));
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'active');
    await s.advance(clock.id, utc('2024-04-15'));
    const ended = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([ended.status, ended.ended_at, ended.cancellation_details.reason], ['canceled', utc('2024-02-29'), 'cancellation_requested']);
    assert.deepEqual((await s.invoicesOf(cus.id, sub.id)).map((i: any) => i.billing_reason), ['subscription_create']);
    assert.deepEqual((await s.eventsOf(sub.id)).at(-1), ['customer.subscription.deleted', utc('2024-02-29')]);
  });
});
