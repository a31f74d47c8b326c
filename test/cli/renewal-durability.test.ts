import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStorage, type Storage } from '../../src/db/database.ts';
import { ManualClock } from '../../src/kit/clock.ts';
import { openTestApi } from '../support/api.ts';
import { startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { waitFor } from '../support/webhook-receiver.ts';
import { scenario } from '../scenarios/support.ts';

const SUBSCRIPTIONS = 400;
/** Renewals to see done before the kill: the loop is partway through its batch. */
const KILL_AFTER = 20;
const PRICE = 2000;
const DAY = 86_400;
/** What one renewal records, per object it is about (as the renewal benchmark checks). */
const RENEWAL_EVENTS = {
  subscription: ['customer.subscription.updated'],
  invoice: ['invoice.created', 'invoice.finalized', 'invoice.payment_succeeded', 'invoice.paid'],
  intent: ['payment_intent.created', 'payment_intent.succeeded'],
  charge: ['charge.succeeded'],
  invoicePayment: ['invoice_payment.paid'],
};

/** Monthly subscriptions started 40 days ago (their first period has ended in real time), each its customer's, paid by card. */
async function seedDueSubscriptions(options: Parameters<typeof storageArgs>[0], count: number) {
  const storage = await openStorage(options);
  const api = await openTestApi({ ...storage, options }, new ManualClock(Math.floor(Date.now() / 1000) - 40 * DAY));
  try {
    const s = scenario(() => api);
    const price = await s.post('/v1/prices', { currency: 'usd', unit_amount: PRICE, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const one = async (i: number) => {
      const cus = await s.post('/v1/customers', { email: `due${i}@example.com` });
      const pm = await s.post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
      return s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], default_payment_method: pm.id });
    };
    const subs: any[] = [];
    for (let i = 0; i < count; i += 20) subs.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => one(i + j)))));
    return { key: api.keys.test, periodEnd: subs[0].items.data[0].current_period_end as number, subs: subs.map((sub) => sub.id as string) };
  } finally {
    await api.close();
  }
}

const cycleInvoices = (db: Storage['db']) =>
  db.selectFrom('invoices').select(['id', 'subscription', 'status', 'amount_paid']).where('billing_reason', '=', 'subscription_cycle').execute();

/** Event types per object id, in the order written, of events recorded from `since` (real time) on. */
async function eventTypesSince(db: Storage['db'], since: number): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('events').select(['type', 'data']).where('recorded_at', '>=', since).orderBy('seq', 'asc').execute();
  const byObject = new Map<string, string[]>();
  for (const row of rows) {
    const id = JSON.parse(row.data).object.id ?? `(no id: ${row.type})`;
    byObject.set(id, [...(byObject.get(id) ?? []), row.type]);
  }
  return byObject;
}

for (const engine of ENGINES) {
  describe(`renewals across a crash of bursar serve (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let watch: Storage;
    let server: RunningServer | undefined;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(async () => {
      if (server) await stopServer(server, 'SIGKILL');
      await watch?.close();
      await db.drop();
    });

    it('renews every due subscription exactly once after a SIGKILL mid-batch and a restart', { timeout: 300_000 }, async () => {
      const seeded = await seedDueSubscriptions(db.options, SUBSCRIPTIONS);
      watch = await openStorage(db.options);
      const renewed = async () => (await cycleInvoices(watch.db)).length;
      const startedAt = Math.floor(Date.now() / 1000);

      server = await startServer([...storageArgs(db.options), '--log-level', 'warn']);
      await waitFor('the billing loop renewing', async () => (await renewed()) >= KILL_AFTER, 60_000);
      server.child.kill('SIGKILL');
      assert.equal(await server.exited, 'SIGKILL');
      const atKill = await renewed();
      assert.ok(atKill >= KILL_AFTER && atKill < SUBSCRIPTIONS, `killed partway through the batch (${atKill} of ${SUBSCRIPTIONS} renewed)`);

      server = await startServer([...storageArgs(db.options), '--log-level', 'warn']);
      await waitFor('every subscription renewed', async () => (await renewed()) === SUBSCRIPTIONS, 180_000);
      // A few more turns of the loop: nothing renews a second time.
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(await stopServer(server), 0);
      server = undefined;

      // One paid cycle invoice per subscription, and one successful charge per invoice.
      const cycles = await cycleInvoices(watch.db);
      assert.equal(cycles.length, SUBSCRIPTIONS);
      const cycleOf = new Map(cycles.map((c) => [c.subscription, c]));
      assert.deepEqual([...cycleOf.keys()].sort(), [...seeded.subs].sort(), 'one cycle invoice for each subscription');
      assert.ok(cycles.every((c) => c.status === 'paid' && c.amount_paid === PRICE), 'every cycle invoice paid in full');
      const payments = await watch.db.selectFrom('charges').select(['id', 'invoice', 'status', 'amount']).where('invoice', 'in', cycles.map((c) => c.id)).execute();
      assert.deepEqual(payments.map((p) => [p.status, p.amount]), cycles.map(() => ['succeeded', PRICE]));
      assert.equal(new Set(payments.map((p) => p.invoice)).size, SUBSCRIPTIONS, 'one charge per invoice');
      const periods = await watch.db.selectFrom('subscription_cycles').select(['subscription', 'invoice']).where('period_start', '=', seeded.periodEnd).execute();
      assert.deepEqual(new Map(periods.map((p) => [p.subscription, p.invoice])), new Map(cycles.map((c) => [c.subscription, c.id])));

      // Each subscription moved one period on, its latest invoice the cycle's.
      const subs = await watch.db.selectFrom('subscriptions').select(['id', 'status', 'current_period_start', 'latest_invoice']).execute();
      for (const sub of subs) assert.deepEqual([sub.status, sub.current_period_start, sub.latest_invoice], ['active', seeded.periodEnd, cycleOf.get(sub.id)!.id], sub.id);

      // Invoice numbers run on without a gap: nothing half-written survived the kill.
      const numbers = (await watch.db.selectFrom('invoices').select('number').execute()).map((i) => Number(i.number!.split('-').at(-1))).sort((a, b) => a - b);
      assert.deepEqual(numbers, numbers.map((_, i) => i + 1));

      // Exactly the events of one renewal per subscription, nothing else and nothing twice.
      const events = await eventTypesSince(watch.db, startedAt);
      assert.equal(events.size, 5 * SUBSCRIPTIONS, 'events only about the subscriptions, their cycle invoices and their payments');
      const intents = new Map((await watch.db.selectFrom('payment_intents').select(['id', 'invoice', 'invoice_payment']).execute()).map((i) => [i.invoice, i]));
      const chargeOf = new Map(payments.map((p) => [p.invoice, p.id]));
      for (const c of cycles) {
        assert.deepEqual(events.get(c.subscription!), RENEWAL_EVENTS.subscription, c.subscription!);
        assert.deepEqual(events.get(c.id), RENEWAL_EVENTS.invoice, c.id);
        assert.deepEqual(events.get(intents.get(c.id)!.id), RENEWAL_EVENTS.intent, c.id);
        assert.deepEqual(events.get(intents.get(c.id)!.invoice_payment!), RENEWAL_EVENTS.invoicePayment, c.id);
        assert.deepEqual(events.get(chargeOf.get(c.id)!), RENEWAL_EVENTS.charge, c.id);
      }
    });
  });
}
