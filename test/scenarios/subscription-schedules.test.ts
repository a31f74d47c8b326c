import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('subscription schedules on a test clock', createTestApi, (api) => {
  const s = scenario(api);
  const yearly = (amount: number) => s.post('/v1/prices', { currency: 'usd', unit_amount: amount, recurring: { interval: 'year' }, product_data: { name: 'Pro yearly' } });
  /** Event types about the schedule and its subscription since `from` (an index into the log). */
  const typesOf = async (ids: string[]) => {
    const rows = await api().storage.db.selectFrom('events').select(['type', 'created', 'data']).orderBy('seq', 'asc').execute();
    return rows.filter((r) => ids.includes(JSON.parse(r.data).object.id)).map((r) => [r.type, r.created] as [string, number]);
  };
  const since = (events: [string, number][], at: number) => events.filter(([, created]) => created >= at).map(([type]) => type);

  it('runs a trial, then a monthly price, then a yearly one, and releases the subscription at the end', async () => {
    const { clock, cus, price: monthly } = await s.setup(utc('2027-01-01'));
    const year = await yearly(20_000);
    const schedule = await s.post('/v1/subscription_schedules', {
      customer: cus.id,
      end_behavior: 'release',
      phases: [
        { items: [{ price: monthly.id }], trial: true, duration: { interval: 'day', interval_count: 14 } },
        { items: [{ price: monthly.id }], end_date: utc('2027-03-01') },
        { items: [{ price: year.id }], duration: { interval: 'year' }, metadata: { plan: 'yearly' } },
      ],
    });
    assert.equal(schedule.status, 'active');
    assert.deepEqual(schedule.current_phase, { start_date: utc('2027-01-01'), end_date: utc('2027-01-15') });
    assert.deepEqual(schedule.phases.map((p: any) => [p.start_date, p.end_date, p.trial, p.trial_end]), [
      [utc('2027-01-01'), utc('2027-01-15'), true, utc('2027-01-15')],
      [utc('2027-01-15'), utc('2027-03-01'), false, null],
      [utc('2027-03-01'), utc('2028-03-01'), false, null],
    ]);
    const subId = schedule.subscription;
    const sub = await s.get(`/v1/subscriptions/${subId}`);
    assert.deepEqual([sub.status, sub.schedule, sub.trial_end], ['trialing', schedule.id, utc('2027-01-15')]);

    // The trial phase ends: the subscription's trial ends with it and its first month is billed.
    await s.advance(clock.id, utc('2027-01-16'));
    let now = await s.get(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual(now.current_phase, { start_date: utc('2027-01-15'), end_date: utc('2027-03-01') });
    let invoices = await s.invoicesOf(cus.id, subId);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.status, i.amount_paid]), [['subscription_create', 'paid', 0], ['subscription_cycle', 'paid', 2000]]);
    assert.deepEqual(since(await typesOf([schedule.id, subId]), utc('2027-01-15')), ['subscription_schedule.updated', 'customer.subscription.updated']);

    // Mid-period, the yearly phase starts: the cycle restarts there, the unused half month is credited.
    await s.advance(clock.id, utc('2027-02-15'));
    await s.advance(clock.id, utc('2027-03-02'));
    now = await s.get(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual(now.current_phase, { start_date: utc('2027-03-01'), end_date: utc('2028-03-01') });
    const yearlySub = await s.get(`/v1/subscriptions/${subId}`);
    assert.deepEqual([yearlySub.items.data.map((i: any) => i.price.id), yearlySub.items.data[0].current_period_start, yearlySub.items.data[0].current_period_end, yearlySub.metadata], [
      [year.id], utc('2027-03-01'), utc('2028-03-01'), { plan: 'yearly' },
    ]);
    invoices = await s.invoicesOf(cus.id, subId);
    const change = invoices.at(-1);
    assert.deepEqual([change.billing_reason, change.status, change.amount_paid], ['subscription_update', 'paid', 20_000 - 1000]);
    assert.deepEqual(change.lines.data.map((l: any) => [l.amount, l.parent.subscription_item_details?.proration ?? l.parent.invoice_item_details?.proration]).sort(), [[-1000, true], [20_000, false]]);
    assert.deepEqual(since(await typesOf([schedule.id, subId]), utc('2027-03-01')), ['customer.subscription.updated', 'subscription_schedule.updated']);

    // A week before the end: expiring; at the end the subscription goes on alone and renews.
    await s.advance(clock.id, utc('2028-03-02'));
    const released = await s.get(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual([released.status, released.released_at, released.released_subscription, released.subscription, released.current_phase], ['released', utc('2028-03-01'), subId, null, null]);
    const alone = await s.get(`/v1/subscriptions/${subId}`);
    assert.deepEqual([alone.status, alone.schedule, alone.items.data[0].current_period_start], ['active', null, utc('2028-03-01')]);
    assert.deepEqual((await s.invoicesOf(cus.id, subId)).at(-1).amount_paid, 20_000);
    const ending = (await typesOf([schedule.id])).filter(([, at]) => at >= utc('2028-01-01'));
    assert.deepEqual(ending, [['subscription_schedule.expiring', utc('2028-02-23')], ['subscription_schedule.released', utc('2028-03-01')]]);
  });

  it('starts a schedule at its start date and cancels the subscription when it ends with end_behavior=cancel', async () => {
    const { clock, cus, price } = await s.setup(utc('2027-01-01'));
    const premium = await s.price(5000, 'Premium');
    const schedule = await s.post('/v1/subscription_schedules', {
      customer: cus.id,
      start_date: utc('2027-02-01'),
      end_behavior: 'cancel',
      phases: [{ items: [{ price: price.id, quantity: 2 }], end_date: utc('2027-03-01') }, { items: [{ price: premium.id }], end_date: utc('2027-04-01') }],
    });
    assert.deepEqual([schedule.status, schedule.subscription, schedule.current_phase], ['not_started', null, null]);
    await s.advance(clock.id, utc('2027-02-02'));
    const started = await s.get(`/v1/subscription_schedules/${schedule.id}`);
    assert.equal(started.status, 'active');
    const sub = await s.get(`/v1/subscriptions/${started.subscription}`);
    assert.deepEqual([sub.start_date, sub.schedule, sub.items.data[0].quantity, sub.cancel_at], [utc('2027-02-01'), schedule.id, 2, null]);
    await s.advance(clock.id, utc('2027-03-02'));
    const last = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([last.items.data.map((i: any) => i.price.id), last.cancel_at], [[premium.id], utc('2027-04-01')]);
    await s.advance(clock.id, utc('2027-04-02'));
    const completed = await s.get(`/v1/subscription_schedules/${schedule.id}`);
    assert.deepEqual([completed.status, completed.completed_at], ['completed', utc('2027-04-01')]);
    const ended = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([ended.status, ended.ended_at], ['canceled', utc('2027-04-01')]);
    const invoices = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.amount_paid]), [['subscription_create', 4000], ['subscription_cycle', 5000]]);
    const types = (await typesOf([schedule.id])).map(([type]) => type);
    assert.deepEqual(types, ['subscription_schedule.created', 'subscription_schedule.updated', 'subscription_schedule.updated', 'subscription_schedule.expiring', 'subscription_schedule.completed']);
  });
});
