import { it } from 'node:test';
import assert from 'node:assert/strict';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { createTestApi, silentLogger } from '../support/api.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('paused collection on a test clock', createTestApi, (api) => {
  const s = scenario(api);
  const statusesOf = async (cus: string, sub: string) =>
    (await s.invoicesOf(cus, sub)).map((i: any) => [i.billing_reason, i.status, i.attempt_count, i.auto_advance]);

  it('keeps renewals as drafts, not charged, until resumes_at, then collects again', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.advance(clock.id, utc('2024-02-10'));
    const paused = await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'keep_as_draft', resumes_at: utc('2024-04-15') } });
    assert.deepEqual([paused.status, paused.pause_collection], ['active', { behavior: 'keep_as_draft', resumes_at: utc('2024-04-15') }]);

    await s.advance(clock.id, utc('2024-04-10'));
    const held = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([held.status, held.items.data[0].current_period_start], ['active', utc('2024-03-31')]);
    const drafts = [['subscription_cycle', 'draft', 0, false], ['subscription_cycle', 'draft', 0, false]];
    assert.deepEqual(await statusesOf(cus.id, sub.id), [['subscription_create', 'paid', 1, true], ...drafts]);

    await s.advance(clock.id, utc('2024-05-01'));
    const resumed = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([resumed.status, resumed.pause_collection], ['active', null]);
    assert.deepEqual((await statusesOf(cus.id, sub.id)).slice(1), [...drafts, ['subscription_cycle', 'paid', 1, true]]);
    const events = await s.get('/v1/events', { type: 'customer.subscription.updated', created: { gte: utc('2024-04-15'), lt: utc('2024-04-16') } });
    assert.deepEqual(events.data.map((e: any) => [e.created, e.data.previous_attributes.pause_collection]), [
      [utc('2024-04-15'), { behavior: 'keep_as_draft', resumes_at: utc('2024-04-15') }],
    ]);
  });

  it('marks renewals uncollectible or voids them while set, and collects once cleared with ""', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-31'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'mark_uncollectible' } });
    await s.advance(clock.id, utc('2024-03-01'));
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'void' } });
    await s.advance(clock.id, utc('2024-04-01'));
    const cleared = await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: '' });
    assert.deepEqual([cleared.status, cleared.pause_collection], ['active', null]);
    await s.advance(clock.id, utc('2024-05-01'));
    assert.deepEqual((await statusesOf(cus.id, sub.id)).map(([, status, attempts]: any[]) => [status, attempts]), [
      ['paid', 1],
      ['uncollectible', 0],
      ['void', 0],
      ['paid', 1],
    ]);
    const [, uncollectible, voided] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([uncollectible.number !== null, uncollectible.amount_remaining, voided.amount_remaining], [true, 2000, 2000]);
    const types = (await s.eventsOf(voided.id)).map(([type]) => type);
    assert.deepEqual(types, ['invoice.created', 'invoice.finalized', 'invoice.voided']);
  });

  it('ends the pause at resumes_at through the due work of bursar serve (no test clock), once', async () => {
    const { sub } = await s.tenDaysIn();
    const resumesAt = api().clock.now() + 5 * 86_400;
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'void', resumes_at: resumesAt } });
    const deps = { db: api().storage.db, clock: api().clock, logger: silentLogger };
    assert.deepEqual(await runDueWork(deps), { processed: 0, failed: [] });
    api().clock.set(resumesAt);
    assert.deepEqual(await runDueWork(deps), { processed: 1, failed: [] });
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).pause_collection, null);
    assert.deepEqual(await runDueWork(deps), { processed: 0, failed: [] });
  });

  it('refuses a resumes_at in the past and an unknown behavior, changing nothing', async () => {
    const { sub } = await s.tenDaysIn();
    const now = api().clock.now();
    await expectRejected(api(), 'POST', `/v1/subscriptions/${sub.id}`, { params: { pause_collection: { behavior: 'void', resumes_at: now } } }, {
      status: 400, type: 'invalid_request_error', param: 'pause_collection[resumes_at]',
      message: 'Invalid timestamp: must be an integer Unix timestamp in the future.',
    });
    const res = await api().call('POST', `/v1/subscriptions/${sub.id}`, { params: { pause_collection: { behavior: 'later' } } });
    assert.deepEqual([res.status, res.body.error.param], [400, 'pause_collection[behavior]']);
  });
});
