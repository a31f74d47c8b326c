import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { createTestApi, silentLogger } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';
import { isProration } from '../../src/modules/invoices/line-text.ts';

const DAY = 86_400;

describeEachEngine('invoice.upcoming before each renewal, on a test clock', createTestApi, (api) => {
  const s = scenario(api);
  /** invoice.upcoming events about `sub` with their times, oldest first. */
  const upcomingOf = async (sub: string) => {
    const rows = await api().storage.db.selectFrom('events').select(['type', 'created', 'data']).where('type', '=', 'invoice.upcoming').orderBy('seq', 'asc').execute();
    return rows.map((r) => ({ created: r.created, object: JSON.parse(r.data).object })).filter((e) => e.object.parent.subscription_details.subscription === sub);
  };
  /** What a customer checks on an invoice: when it is charged, its lines and totals. */
  const billed = (invoice: any) => ({
    customer: invoice.customer,
    lines: invoice.lines.data.map((l: any) => [l.amount, l.description, l.period, isProration(l)]),
    totals: [invoice.subtotal, invoice.total, invoice.amount_due],
  });

  it('announces each renewal 3 days ahead, once per period, with what the renewal then bills', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.advance(clock.id, utc('2024-02-25'));
    assert.deepEqual(await upcomingOf(sub.id), []);
    await s.advance(clock.id, utc('2024-02-26'));
    await s.advance(clock.id, utc('2024-02-28'));
    assert.deepEqual((await upcomingOf(sub.id)).map((e) => e.created), [utc('2024-02-26')]);

    // A one-off charge added before the next notice shows in it and in the renewal alike.
    await s.advance(clock.id, utc('2024-03-10'));
    await s.post('/v1/invoiceitems', { customer: cus.id, amount: 750, currency: 'usd', description: 'Extra seats' });
    await s.advance(clock.id, utc('2024-05-05'));
    const events = await upcomingOf(sub.id);
    // Periods end Feb 29, Mar 31, Apr 30 (anchored on the 31st), and May 31.
    assert.deepEqual(events.map((e) => e.created), [utc('2024-02-26'), utc('2024-03-28'), utc('2024-04-27')]);
    const cycles = (await s.invoicesOf(cus.id, sub.id)).filter((i: any) => i.billing_reason === 'subscription_cycle');
    assert.deepEqual(cycles.map((i: any) => i.created), [utc('2024-02-29'), utc('2024-03-31'), utc('2024-04-30')]);
    for (const [n, { object }] of events.entries()) {
      assert.equal('id' in object, false, 'an upcoming invoice has no id');
      assert.deepEqual([object.object, object.status, object.billing_reason, object.next_payment_attempt], ['invoice', 'draft', 'upcoming', cycles[n].created]);
      assert.deepEqual(billed(object), billed(cycles[n]), `renewal ${n + 1}`);
    }
    assert.deepEqual(cycles.map((i: any) => [i.total, i.status]), [[2000, 'paid'], [2750, 'paid'], [2000, 'paid']]);
  });

  it('announces the first charge after a trial, after trial_will_end', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], trial_period_days: 14 });
    await s.advance(clock.id, utc('2024-02-15'));
    const events = (await s.get('/v1/events', { created: { gte: utc('2024-02-11'), lt: utc('2024-02-12') } })).data.reverse();
    assert.deepEqual(events.map((e: any) => e.type), ['customer.subscription.trial_will_end', 'invoice.upcoming']);
    const [first] = (await s.invoicesOf(cus.id, sub.id)).filter((i: any) => i.billing_reason === 'subscription_cycle');
    assert.deepEqual([first.created, first.total, first.status], [utc('2024-02-14'), 2000, 'paid']);
    assert.deepEqual(billed(events[1].data.object), billed(first));
  });

  it('withholds it from a subscription ending with its period, and sends it once the cancellation is taken back', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.post(`/v1/subscriptions/${sub.id}`, { cancel_at_period_end: true });
    await s.advance(clock.id, utc('2024-02-27'));
    assert.deepEqual(await upcomingOf(sub.id), []);
    await s.post(`/v1/subscriptions/${sub.id}`, { cancel_at_period_end: false });
    await s.advance(clock.id, utc('2024-02-28'));
    // Due since Feb 26, sent at the first moment the clock moved after the cancellation was taken back.
    assert.deepEqual((await upcomingOf(sub.id)).map((e) => [e.created, e.object.total]), [[utc('2024-02-27'), 2000]]);

    const ending = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.post(`/v1/subscriptions/${ending.id}`, { cancel_at: utc('2024-03-20') });
    await s.advance(clock.id, utc('2024-04-01'));
    assert.deepEqual(await upcomingOf(ending.id), []);
    assert.equal((await s.get(`/v1/subscriptions/${ending.id}`)).status, 'canceled');
  });
});

describeEachEngine('invoice.upcoming from the due-work loop', (engine) => createTestApi(engine, undefined, { upcomingNotice: 7 * DAY }), (api) => {
  const s = scenario(api);
  const work = (upcomingNotice: number) => runDueWork({ db: api().storage.db, clock: api().clock, logger: silentLogger, upcomingNotice });
  // From the table: events listed by the API are those of the last 30 days, and the clock moves months here.
  const upcoming = async () =>
    (await api().storage.db.selectFrom('events').select(['created', 'data']).where('type', '=', 'invoice.upcoming').execute()).map((e) => ({ created: e.created, data: JSON.parse(e.data) }));

  it('sends it once when the renewal is the configured days away, none when off, and none late for a renewal already due', async () => {
    const { sub } = await s.tenDaysIn();
    api().clock.set(sub.items.data[0].current_period_end - 7 * DAY - 1);
    assert.deepEqual(await work(7 * DAY), { processed: 0, failed: [] });
    api().clock.set(sub.items.data[0].current_period_end - 7 * DAY);
    assert.deepEqual(await work(0), { processed: 0, failed: [] }, 'off');
    assert.deepEqual(await work(7 * DAY), { processed: 1, failed: [] });
    assert.deepEqual(await work(7 * DAY), { processed: 0, failed: [] });
    const [event] = await upcoming();
    assert.deepEqual([event.created, event.data.object.total, event.data.object.parent.subscription_details.subscription], [sub.items.data[0].current_period_end - 7 * DAY, 1000, sub.id]);

    // The process was away past two notices: the renewals run, the notices they outdated do not.
    const later = await s.get(`/v1/subscriptions/${sub.id}`);
    api().clock.set(later.items.data[0].current_period_end + 40 * DAY);
    assert.deepEqual(await work(7 * DAY), { processed: 2, failed: [] });
    assert.equal((await upcoming()).length, 1);
    const renewed = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.ok(renewed.items.data[0].current_period_end - api().clock.now() > 7 * DAY);
  });
});
