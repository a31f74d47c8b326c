import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { createTestApi, silentLogger } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario } from '../scenarios/support.ts';

const DAY = 86_400;

describeEachEngine('invoice previews of a subscription whose collection is paused', createTestApi, (api) => {
  const s = scenario(api);
  const preview = (params: Record<string, unknown>) => s.post('/v1/invoices/create_preview', params);
  /** The renewal at the period end, run by the due-work loop; returns its invoice. */
  const renew = async (sub: any) => {
    api().clock.set(sub.items.data[0].current_period_end);
    assert.deepEqual((await runDueWork({ db: api().storage.db, clock: api().clock, logger: silentLogger })).failed, []);
    return s.get(`/v1/invoices/${(await s.get(`/v1/subscriptions/${sub.id}`)).latest_invoice}`);
  };
  const charges = async (invoice: string) => (await api().storage.db.selectFrom('charges').select('id').where('invoice', '=', invoice).execute()).length;

  for (const [behavior, status, autoAdvance] of [['keep_as_draft', 'draft', false], ['mark_uncollectible', 'uncollectible', true], ['void', 'void', true]] as const) {
    it(`${behavior}: the renewal preview is not charged, and the renewal then is not`, async () => {
      const { sub } = await s.tenDaysIn();
      await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior } });
      const next = await preview({ subscription: sub.id });
      assert.deepEqual([next.collection_method, next.next_payment_attempt, next.auto_advance], ['charge_automatically', null, autoAdvance]);
      const invoice = await renew(sub);
      assert.deepEqual([invoice.status, invoice.auto_advance, invoice.attempt_count, await charges(invoice.id)], [status, autoAdvance, 0, 0]);
      // The preview showed the invoice the renewal made: the same lines and totals.
      assert.deepEqual([next.total, next.amount_due, next.lines.data.map((l: any) => l.amount)], [invoice.total, invoice.amount_due, invoice.lines.data.map((l: any) => l.amount)]);
    });
  }

  it('shows the charge again when the pause ends by the renewal, and not when it ends after it', async () => {
    const { sub } = await s.tenDaysIn();
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'void', resumes_at: sub.items.data[0].current_period_end } });
    assert.equal((await preview({ subscription: sub.id })).next_payment_attempt, sub.items.data[0].current_period_end);
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'void', resumes_at: sub.items.data[0].current_period_end + 1 } });
    assert.equal((await preview({ subscription: sub.id })).next_payment_attempt, null);
  });

  it('an always_invoice change previews the invoice it holds back now', async () => {
    const { sub, item } = await s.tenDaysIn();
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'keep_as_draft', resumes_at: api().clock.now() + 30 * DAY } });
    const details = { items: [{ id: item.id, quantity: 2 }], proration_behavior: 'always_invoice' };
    const next = await preview({ subscription: sub.id, subscription_details: details });
    assert.deepEqual([next.billing_reason, next.next_payment_attempt, next.auto_advance], ['subscription_update', null, false]);
    const updated = await s.post(`/v1/subscriptions/${sub.id}`, { ...details, expand: ['latest_invoice'] });
    assert.deepEqual([updated.latest_invoice.status, updated.latest_invoice.total, updated.latest_invoice.auto_advance], ['draft', next.total, false]);
  });

  it('invoice.upcoming of a paused collection carries the same preview', async () => {
    const { sub } = await s.tenDaysIn();
    await s.post(`/v1/subscriptions/${sub.id}`, { pause_collection: { behavior: 'mark_uncollectible' } });
    api().clock.set(sub.items.data[0].current_period_end - 3 * DAY);
    await runDueWork({ db: api().storage.db, clock: api().clock, logger: silentLogger });
    const [event] = (await s.get('/v1/events', { type: 'invoice.upcoming' })).data.filter((e: any) => e.data.object.parent.subscription_details.subscription === sub.id);
    const shown = await preview({ subscription: sub.id });
    const seen = (i: any) => [i.total, i.amount_due, i.next_payment_attempt, i.auto_advance, i.lines.data.map((l: any) => [l.amount, l.period])];
    assert.deepEqual(seen(event.data.object), seen(shown));
    assert.equal(event.data.object.next_payment_attempt, null);
  });
});
