// Checks a benchmark's renewals before its numbers count: every subscription renewed once,
// completely, and copies made by bulk SQL renewed exactly like subscriptions the API made.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApi } from '../../test/support/api.ts';
import { eventObjectId } from './seed-subscriptions.ts';

/** The events one renewal records, per object it is about. */
const SUBSCRIPTION_EVENTS = ['customer.subscription.updated'];
const INVOICE_EVENTS = ['invoice.created', 'invoice.finalized', 'invoice.payment_succeeded', 'invoice.paid'];
const INTENT_EVENTS = ['payment_intent.created', 'payment_intent.succeeded'];
const CHARGE_EVENTS = ['charge.succeeded'];
const INVOICE_PAYMENT_EVENTS = ['invoice_payment.paid'];
/** Subscriptions compared through the API with the one the API made for the same customer. */
const SAMPLE = 12;
const PAGE = 10_000;

export interface RenewalExpectation {
  /** The subscriptions made through the API, one per customer. */
  templates: readonly string[];
  size: number;
  /** The period end the renewals crossed, and the time they ran at. */
  periodEnd: number;
  renewedAt: number;
  amount: number;
}

/** Event types per object id of the events recorded at `at`, read in pages. */
async function eventsAt(api: TestApi, at: number): Promise<Map<string, string[]>> {
  const byObject = new Map<string, string[]>();
  for (let after = 0; ; ) {
    const page = await api.storage.db
      .selectFrom('events')
      .select(['seq', 'type', sql<string>`substr(data, 1, 80)`.as('head')])
      .where('created', '=', at)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(PAGE)
      .execute();
    for (const e of page) {
      const id = eventObjectId(e.head) ?? `unknown event ${e.seq}`;
      byObject.set(id, [...(byObject.get(id) ?? []), e.type]);
    }
    if (page.length < PAGE) return byObject;
    after = Number(page[page.length - 1].seq);
  }
}

/** From the tables: each subscription has one paid cycle invoice, one charge of its payment intent and their events. */
async function checkEveryRenewal(api: TestApi, x: RenewalExpectation): Promise<void> {
  const db = api.storage.db;
  const subs = await db.selectFrom('subscriptions').select(['id', 'status', 'current_period_start', 'latest_invoice']).execute();
  assert.equal(subs.length, x.size);
  const cycles = await db.selectFrom('invoices').select(['id', 'subscription', 'status', 'amount_paid']).where('billing_reason', '=', 'subscription_cycle').execute();
  assert.equal(cycles.length, x.size, 'one cycle invoice per subscription');
  const cycleOf = new Map(cycles.map((c) => [c.subscription, c]));
  const payments = await db.selectFrom('charges').select(['id', 'invoice', 'status', 'amount']).where('created', '=', x.renewedAt).execute();
  assert.equal(payments.length, x.size, 'one charge per renewal');
  const paymentOf = new Map(payments.map((p) => [p.invoice, p]));
  const intents = await db.selectFrom('payment_intents').select(['id', 'invoice', 'invoice_payment']).where('invoice', 'in', cycles.map((c) => c.id)).execute();
  const intentOf = new Map(intents.map((i) => [i.invoice, i]));
  const events = await eventsAt(api, x.renewedAt);
  // The subscription, its cycle invoice, the invoice's payment intent, its charge and its invoice payment.
  assert.equal(events.size, 5 * x.size, "events about each renewal's own objects only");
  for (const s of subs) {
    const cycle = cycleOf.get(s.id);
    assert.ok(cycle, `${s.id} has a cycle invoice`);
    assert.deepEqual([s.status, s.current_period_start, s.latest_invoice], ['active', x.periodEnd, cycle.id], s.id);
    assert.deepEqual([cycle.status, cycle.amount_paid], ['paid', x.amount], cycle.id);
    const charge = paymentOf.get(cycle.id);
    assert.deepEqual(charge && { invoice: charge.invoice, status: charge.status, amount: charge.amount }, { invoice: cycle.id, status: 'succeeded', amount: x.amount }, cycle.id);
    const intent = intentOf.get(cycle.id);
    assert.ok(intent?.invoice_payment, `${cycle.id} has a payment intent`);
    assert.deepEqual(events.get(s.id), SUBSCRIPTION_EVENTS, s.id);
    assert.deepEqual(events.get(cycle.id), INVOICE_EVENTS, cycle.id);
    assert.deepEqual(events.get(intent.id), INTENT_EVENTS, intent.id);
    assert.deepEqual(events.get(charge!.id), CHARGE_EVENTS, charge!.id);
    assert.deepEqual(events.get(intent.invoice_payment), INVOICE_PAYMENT_EVENTS, intent.invoice_payment);
  }
}

/** An API object with the ids, invoice numbers and links that differ between copies blanked out. */
function shape(object: unknown): unknown {
  const json = JSON.stringify(object)
    .replace(/\b(sub|si|in|il|ii)_[A-Za-z0-9]{10,}/g, '$1_')
    .replace(/-\d{4,}"/g, '-N"')
    .replace(/\/invoices\/[A-Za-z0-9_-]{43}/g, '/invoices/TOKEN');
  return JSON.parse(json);
}

/** Through the API: a sample renewed exactly like the subscription the API made for its customer. */
async function checkSampleThroughApi(api: TestApi, x: RenewalExpectation): Promise<void> {
  const get = async (path: string) => {
    const res = await api.call('GET', path);
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const renewed = async (id: string) => {
    const sub = await get(`/v1/subscriptions/${id}`);
    return { sub, invoice: await get(`/v1/invoices/${sub.latest_invoice}`) };
  };
  const byCustomer = new Map<string, Awaited<ReturnType<typeof renewed>>>();
  for (const id of x.templates) {
    const made = await renewed(id);
    assert.deepEqual([made.invoice.billing_reason, made.invoice.status, made.invoice.amount_paid, made.invoice.attempt_count], ['subscription_cycle', 'paid', x.amount, 1], id);
    byCustomer.set(made.sub.customer, made);
  }
  const all = await api.storage.db.selectFrom('subscriptions').select('id').orderBy('seq', 'asc').execute();
  const step = Math.max(1, Math.floor(all.length / SAMPLE));
  for (let i = 0; i < all.length; i += step) {
    const copy = await renewed(all[i].id);
    const made = byCustomer.get(copy.sub.customer)!;
    assert.deepEqual(shape(copy), shape(made), `${all[i].id} renewed like ${made.sub.id}`);
  }
}

export async function checkRenewals(api: TestApi, x: RenewalExpectation): Promise<void> {
  await checkEveryRenewal(api, x);
  await checkSampleThroughApi(api, x);
}
