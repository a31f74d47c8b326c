import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, silentLogger } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { scenario } from './support.ts';

describeEachEngine('due work runs once', createTestApi, (api) => {
  const s = scenario(api);

  it('renews a due subscription once when two runners race for it', async () => {
    const cus = await s.post('/v1/customers', { email: 'sam@example.com' });
    const pm = await s.post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await s.post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    const price = await s.post('/v1/prices', { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    api().clock.set(sub.items.data[0].current_period_end);
    const deps = { db: api().storage.db, clock: api().clock, logger: silentLogger };
    const results = await Promise.all([runDueWork(deps), runDueWork(deps)]);
    assert.deepEqual(results.map((r) => r.failed), [[], []]);
    assert.equal(results[0].processed + results[1].processed, 1);
    const cycles = (await s.invoicesOf(cus.id, sub.id)).filter((i: any) => i.billing_reason === 'subscription_cycle');
    assert.deepEqual(cycles.map((i: any) => [i.status, i.amount_paid]), [['paid', 2000]]);
    assert.deepEqual(await runDueWork(deps), { processed: 0, failed: [] });
  });
});
