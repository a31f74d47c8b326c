import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { EVENT_RETENTION_SECONDS, purgeOldEvents } from '../../src/modules/events/service.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('events of objects on a test clock', createTestApi, (api) => {
  const s = scenario(api);
  /** The customer's invoice.paid events as GET /v1/events lists them: [billing_reason, created]. */
  const paidEvents = async (customer: string, params: Record<string, unknown> = {}) =>
    (await s.get('/v1/events', { type: 'invoice.paid', limit: 100, ...params })).data
      .filter((e: any) => e.data.object.customer === customer)
      .map((e: any) => [e.data.object.billing_reason, e.created]);
  const purge = () => purgeOldEvents({ db: api().storage.db, clock: api().clock });

  it('lists events at the clock time of a clock years in the past, and purging keeps them', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.advance(clock.id, utc('2024-03-01'));
    const listed = [['subscription_cycle', utc('2024-02-29')], ['subscription_create', api().clock.now()]];
    assert.deepEqual(await paidEvents(cus.id), listed);
    assert.deepEqual(await paidEvents(cus.id, { created: { lt: utc('2024-03-01') } }), [listed[0]]);
    await purge();
    assert.deepEqual(await paidEvents(cus.id), listed);
    const renewal = (await s.get('/v1/events', { type: 'invoice.paid', created: { lt: utc('2024-03-01') } })).data[0];
    assert.equal((await api().call('GET', `/v1/events/${renewal.id}`)).status, 200);
  });

  it('lists events of a clock advanced years ahead, and drops them 30 days after they were written', async () => {
    const now = api().clock.now();
    const { clock, cus, price } = await s.setup(now);
    await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.advance(clock.id, utc('2030-01-15'));
    const cycles = (await paidEvents(cus.id)).filter(([reason]: [string]) => reason === 'subscription_cycle');
    assert.equal(cycles.length, 48); // Feb 2026 … Jan 2030
    assert.deepEqual(cycles[0], ['subscription_cycle', utc('2030-01-01')]);
    api().clock.advance(EVENT_RETENTION_SECONDS - 60);
    assert.equal(await purge(), 0);
    assert.equal((await paidEvents(cus.id)).length, 49);
    api().clock.advance(120);
    assert.deepEqual(await paidEvents(cus.id), []);
    assert.ok((await purge()) >= 49);
    assert.deepEqual(await api().storage.db.selectFrom('events').select('id').where('recorded_at', '<', api().clock.now() - EVENT_RETENTION_SECONDS).execute(), []);
  });
});
