import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('trials on a test clock', createTestApi, (api) => {
  const s = scenario(api);

  it('warns 3 days before the trial ends, once, then turns active with a paid first invoice', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], trial_period_days: 14 });
    assert.equal(sub.trial_end, utc('2024-02-14'));
    await s.advance(clock.id, utc('2024-02-10'));
    assert.deepEqual((await s.eventsOf(sub.id)).map(([type]) => type), ['customer.subscription.created']);
    await s.advance(clock.id, utc('2024-02-12'));
    await s.advance(clock.id, utc('2024-02-13'));
    const trialing = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.equal(trialing.status, 'trialing');
    assert.deepEqual(await s.eventsOf(sub.id), [['customer.subscription.created', api().clock.now()], ['customer.subscription.trial_will_end', utc('2024-02-11')]]);

    await s.advance(clock.id, utc('2024-02-20'));
    const active = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([active.status, active.items.data[0].current_period_start, active.items.data[0].current_period_end], ['active', utc('2024-02-14'), utc('2024-03-14')]);
    const invoices = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.status, i.amount_paid]), [['subscription_create', 'paid', 0], ['subscription_cycle', 'paid', 2000]]);
    assert.deepEqual(invoices[1].lines.data[0].period, { start: utc('2024-02-14'), end: utc('2024-03-14') });
    const updated = (await s.eventsOf(sub.id)).filter(([type]) => type === 'customer.subscription.updated');
    assert.deepEqual(updated, [['customer.subscription.updated', utc('2024-02-14')]]);
  });
});
