import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, silentLogger } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { runDueWork } from '../../jobs/due-work.ts';

describeEachEngine('subscription schedule transitions run once', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string, params: Record<string, unknown> = {}) => (await get().call('GET', path, { params })).body;
  const typesOf = async (id: string) => {
    const rows = await get().storage.db.selectFrom('events').select(['type', 'data']).orderBy('seq', 'asc').execute();
    return rows.filter((r) => JSON.parse(r.data).object.id === id).map((r) => r.type);
  };
  const customer = async () => {
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    return cus;
  };
  const monthly = (amount: number) => post('/v1/prices', { currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name: `Plan ${amount}` } });
  const race = async () => {
    const deps = { db: get().storage.db, clock: get().clock, logger: silentLogger };
    const results = await Promise.all([runDueWork(deps), runDueWork(deps)]);
    assert.deepEqual(results.map((r) => r.failed), [[], []]);
    assert.deepEqual(await runDueWork(deps), { processed: 0, failed: [] }, 'nothing left to do');
    return results[0].processed + results[1].processed;
  };

  it('changes phase once, and bills the new price once, when two runners race at the phase end', async () => {
    const cus = await customer();
    const [basic, pro] = [await monthly(1000), await monthly(3000)];
    const schedule = await post('/v1/subscription_schedules', {
      customer: cus.id,
      phases: [{ items: [{ price: basic.id }], duration: { interval: 'month' } }, { items: [{ price: pro.id }], duration: { interval: 'month' } }],
    });
    get().clock.set(schedule.phases[0].end_date);
    assert.equal(await race(), 2, 'the phase change, then the renewal');
    const after = await read(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual(after.current_phase, { start_date: schedule.phases[1].start_date, end_date: schedule.phases[1].end_date });
    const invoices = (await read('/v1/invoices', { subscription: schedule.subscription })).data.reverse();
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.amount_paid]), [['subscription_create', 1000], ['subscription_cycle', 3000]]);
    assert.deepEqual(await typesOf(schedule.id), ['subscription_schedule.created', 'subscription_schedule.updated']);
  });

  it('starts a schedule once, creating one subscription, when two runners race at its start', async () => {
    const cus = await customer();
    const price = await monthly(1000);
    const start = get().clock.now() + 86_400;
    const schedule = await post('/v1/subscription_schedules', { customer: cus.id, start_date: start, phases: [{ items: [{ price: price.id }] }] });
    get().clock.set(start);
    assert.equal(await race(), 1);
    const started = await read(`/v1/subscription_schedules/${schedule.id}`);
    assert.equal(started.status, 'active');
    const subs = (await read('/v1/subscriptions', { customer: cus.id })).data;
    assert.deepEqual(subs.map((s: any) => [s.id, s.schedule, s.start_date]), [[started.subscription, schedule.id, start]]);
    assert.deepEqual(await typesOf(schedule.id), ['subscription_schedule.created', 'subscription_schedule.updated']);
  });

  it('cancels the schedule when its subscription is canceled on its own (aborted)', async () => {
    const cus = await customer();
    const price = await monthly(1000);
    const schedule = await post('/v1/subscription_schedules', { customer: cus.id, phases: [{ items: [{ price: price.id }], duration: { interval: 'month' } }, { items: [{ price: price.id }] }] });
    const res = await get().call('DELETE', `/v1/subscriptions/${schedule.subscription}`);
    assert.equal(res.status, 200);
    get().clock.set(schedule.phases[0].end_date);
    await race();
    const aborted = await read(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual([aborted.status, aborted.canceled_at], ['canceled', schedule.phases[0].end_date]);
    assert.deepEqual((await typesOf(schedule.id)).at(-1), 'subscription_schedule.aborted');
  });

  it('lets go of a schedule whose next phase can no longer be applied, and the subscription renews on its own', async () => {
    const cus = await customer();
    const [basic, gone] = [await monthly(1000), await monthly(4000)];
    const schedule = await post('/v1/subscription_schedules', {
      customer: cus.id,
      phases: [{ items: [{ price: basic.id }], duration: { interval: 'month' } }, { items: [{ price: gone.id }] }],
    });
    await post(`/v1/prices/${gone.id}`, { active: false });
    get().clock.set(schedule.phases[0].end_date);
    await race();
    const released = await read(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual([released.status, released.released_subscription, released.released_at], ['released', schedule.subscription, schedule.phases[0].end_date]);
    const sub = await read(`/v1/subscriptions/${schedule.subscription}`);
    assert.deepEqual([sub.schedule, sub.items.data.map((i: any) => i.price.id), sub.items.data[0].current_period_start], [null, [basic.id], schedule.phases[0].end_date]);
  });
});
