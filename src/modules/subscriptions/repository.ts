import type { Insertable, SelectQueryBuilder, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database, SubscriptionCyclesTable, SubscriptionItemsTable, SubscriptionsTable } from '../../db/schema.ts';
import { canSkipLocked } from '../../db/engine.ts';
import { paginate } from '../../db/paginate.ts';
import { searchPage } from '../../db/search.ts';
import type { SearchRequest } from '../../search/page.ts';
import { deleteScoped, findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type SubscriptionRow = Row<'subscriptions'>;
export type SubscriptionItemRow = Row<'subscription_items'>;

export const insertSubscription = (db: Db, row: Insertable<SubscriptionsTable>) => insertRow(db, 'subscriptions', row);

export const findSubscription = (db: Db, scope: Scope, id: string) => findScoped(db, 'subscriptions', scope, id);

export const updateSubscriptionRow = (db: Db, scope: Scope, id: string, patch: Updateable<SubscriptionsTable>) =>
  updateScoped(db, 'subscriptions', scope, id, patch);

/**
 * Moves a subscription from one of `from` to a new status in one statement, so a
 * payment racing a cancellation cannot revive a canceled subscription.
 */
export async function transitionSubscription(db: Db, scope: Scope, id: string, from: readonly string[], patch: Updateable<SubscriptionsTable>) {
  const s = scopeColumns(scope);
  return db
    .updateTable('subscriptions')
    .set(patch)
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/** Adds an item to `sub`, with the copy of its order the list by price walks. */
export const insertSubscriptionItem = (
  db: Db,
  sub: Pick<SubscriptionRow, 'id' | 'seq' | 'created'>,
  row: Omit<Insertable<SubscriptionItemsTable>, 'subscription' | 'subscription_seq' | 'subscription_created'>,
) => insertRow(db, 'subscription_items', { ...row, subscription: sub.id, subscription_seq: sub.seq, subscription_created: sub.created });

export const findSubscriptionItem = (db: Db, scope: Scope, id: string) => findScoped(db, 'subscription_items', scope, id);

export const updateSubscriptionItemRow = (db: Db, scope: Scope, id: string, patch: Updateable<SubscriptionItemsTable>) =>
  updateScoped(db, 'subscription_items', scope, id, patch);

/** Removes an item; the invoice lines that billed it keep its id, as Stripe's do. */
export const deleteSubscriptionItemRow = (db: Db, scope: Scope, id: string) => deleteScoped(db, 'subscription_items', scope, id);

/** Whether any subscription bills `price` now (a plan's product is fixed from then on). */
export async function priceInUse(db: Db, scope: Scope, price: string): Promise<boolean> {
  return (await selectScoped(db, 'subscription_items', scope).where('price', '=', price).limit(1).executeTakeFirst()) !== undefined;
}

/** A subscription's items, in the order they were added. */
export const itemsOf = (db: Db, scope: Scope, subscription: string) =>
  selectScoped(db, 'subscription_items', scope).where('subscription', '=', subscription).orderBy('seq', 'asc').execute();

export async function listSubscriptionItemRows(db: Db, scope: Scope, page: Page, subscription: string) {
  return paginate(db, 'subscription_items', scope, page, 'subscription_item', (qb) => qb.where('subscription', '=', subscription));
}

export interface SubscriptionFilter {
  created?: RangeParam | undefined;
  customer?: string | undefined;
  price?: string | undefined;
  /** Statuses to keep; undefined keeps all. */
  statuses?: readonly string[] | undefined;
  collectionMethod?: string | undefined;
}

export async function listSubscriptionRows(db: Db, scope: Scope, page: Page, filter: SubscriptionFilter) {
  const { customer, price, statuses, collectionMethod } = filter;
  // A customer or a price narrows the list to its own index walk; the statuses are then
  // checked on each row it yields rather than walked one by one over the scope.
  const narrowed = customer !== undefined || price !== undefined;
  return paginate(
    db,
    'subscriptions',
    scope,
    page,
    'subscription',
    (qb) => {
      let q = qb;
      if (customer !== undefined) q = q.where('subscriptions.customer', '=', customer);
      if (collectionMethod !== undefined) q = q.where('subscriptions.collection_method', '=', collectionMethod);
      if (narrowed && statuses !== undefined) q = q.where('subscriptions.status', 'in', statuses);
      return q;
    },
    {
      created: filter.created,
      oneOf: narrowed ? undefined : statuses && { column: 'status', values: statuses },
      // Subscriptions that hold the price, as Stripe's filter: its items, in the list's order.
      through: price === undefined ? undefined : { table: 'subscription_items', column: 'price', value: price, seq: 'subscription_seq', created: 'subscription_created' },
    },
  );
}

/** Statuses the billing jobs move on over time (an unpaid subscription still renews, into drafts). */
export const RUNNING = ['trialing', 'active', 'past_due', 'unpaid'] as const;

/** Stripe sends customer.subscription.trial_will_end this long before a trial ends. */
export const TRIAL_WILL_END_NOTICE = 3 * 86_400;

/** invoice.upcoming goes out this long before a renewal unless the operator chose otherwise (config upcomingRenewalNotice). */
export const DEFAULT_UPCOMING_NOTICE = 3 * 86_400;

/** Statuses whose renewal invoice.upcoming announces: an unpaid subscription renews into drafts nobody is charged for. */
export const NOTIFIED = ['trialing', 'active', 'past_due'] as const;

/**
 * Live subscriptions with a step due at `now`: period or trial end, cancel_at, the notices,
 * a retry, resumed collection. `upcomingNotice`: seconds before a renewal invoice.upcoming is due (0: never).
 */
function whereDue<O>(qb: SelectQueryBuilder<Database, 'subscriptions', O>, now: number, upcomingNotice: number) {
  return qb.where('status', 'in', RUNNING).where((eb) =>
    eb.or([
      eb('current_period_end', '<=', now),
      eb('cancel_at', '<=', now),
      eb.and([eb('status', '=', 'trialing'), eb('trial_will_end_sent', '=', 0), eb('trial_end', '<=', now + TRIAL_WILL_END_NOTICE)]),
      eb.and([eb('status', '=', 'past_due'), eb('next_retry_at', '<=', now)]),
      eb('pause_resumes_at', '<=', now),
      ...(upcomingNotice > 0 ? [eb.and([eb('status', 'in', NOTIFIED), eb('invoice_upcoming_sent', '=', 0), eb('current_period_end', '<=', now + upcomingNotice)])] : []),
    ]),
  );
}

/**
 * The conditions of whereDue one by one (keep the two in step), each one index range read
 * in its own order (migrations 0006, 0008, 0014 and 0015; a notice's flag must be 0). A single query over their OR reads and sorts every live
 * subscription on each claim, which made renewing N due subscriptions take N² time.
 */
function dueProbes(now: number, upcomingNotice: number) {
  type Probe = { status: string; column: 'current_period_end' | 'cancel_at' | 'trial_end' | 'next_retry_at' | 'pause_resumes_at'; upTo: number; unsent?: 'trial_will_end_sent' | 'invoice_upcoming_sent' };
  const probes: Probe[] = [
    ...RUNNING.map((status) => ({ status, column: 'current_period_end' as const, upTo: now })),
    ...RUNNING.map((status) => ({ status, column: 'cancel_at' as const, upTo: now })),
    { status: 'trialing', column: 'trial_end', upTo: now + TRIAL_WILL_END_NOTICE, unsent: 'trial_will_end_sent' },
    { status: 'past_due', column: 'next_retry_at', upTo: now },
    ...RUNNING.map((status) => ({ status, column: 'pause_resumes_at' as const, upTo: now })),
  ];
  if (upcomingNotice > 0) {
    for (const status of NOTIFIED) probes.push({ status, column: 'current_period_end', upTo: now + upcomingNotice, unsent: 'invoice_upcoming_sent' });
  }
  return probes;
}

/**
 * Claims one subscription on real time (no test clock) with work due, skipping `skip`.
 * On PostgreSQL the row stays locked until the claiming transaction ends and other
 * workers skip it; SQLite runs one writer at a time.
 */
export async function claimDueSubscription(db: Db, now: number, skip: readonly string[], upcomingNotice: number) {
  for (const probe of dueProbes(now, upcomingNotice)) {
    let q = db.selectFrom('subscriptions').selectAll().where('status', '=', probe.status).where(probe.column, '<=', probe.upTo).where('test_clock', 'is', null);
    if (probe.unsent !== undefined) q = q.where(probe.unsent, '=', 0);
    if (skip.length > 0) q = q.where('id', 'not in', skip);
    // A schedule's step due on it comes first (a phase ending with the period sets what the renewal bills).
    q = q.where((eb) =>
      eb.or([
        eb('schedule', 'is', null),
        eb.not(eb.exists(eb.selectFrom('subscription_schedules as ss').select('ss.id').whereRef('ss.project_id', '=', 'subscriptions.project_id').whereRef('ss.livemode', '=', 'subscriptions.livemode').whereRef('ss.id', '=', 'subscriptions.schedule').where('ss.next_at', '<=', now))),
      ]),
    );
    const limited = q.orderBy(probe.column, 'asc').limit(1);
    const row = await (canSkipLocked(db) ? limited.forUpdate().skipLocked() : limited).executeTakeFirst();
    if (row) return row;
  }
  return undefined;
}

/** The subscriptions on a test clock with work due at its frozen time. */
export const dueOnClock = (db: Db, scope: Scope, testClock: string, now: number, upcomingNotice: number) =>
  whereDue(selectScoped(db, 'subscriptions', scope), now, upcomingNotice).where('test_clock', '=', testClock).execute();

/** Records the billed cycle; the unique index refuses the same period twice. */
export async function insertCycle(db: Db, row: Insertable<SubscriptionCyclesTable>): Promise<void> {
  await db.insertInto('subscription_cycles').values(row).execute();
}

/** Sets the trial_will_end flag unless it is set: returns the row only to the one caller that set it. */
export const markTrialNoticeSent = (db: Db, row: SubscriptionRow) =>
  db
    .updateTable('subscriptions')
    .set({ trial_will_end_sent: 1 })
    .where('project_id', '=', row.project_id)
    .where('livemode', '=', row.livemode)
    .where('id', '=', row.id)
    .where('status', '=', 'trialing')
    .where('trial_will_end_sent', '=', 0)
    .returningAll()
    .executeTakeFirst();

/**
 * Settles invoice.upcoming of the row's period (1 sent, 2 withheld) unless it is settled or
 * the period moved on: returns the row only to the one caller that settled it.
 */
export const settleUpcomingNotice = (db: Db, row: SubscriptionRow, outcome: 1 | 2) =>
  db
    .updateTable('subscriptions')
    .set({ invoice_upcoming_sent: outcome })
    .where('project_id', '=', row.project_id)
    .where('livemode', '=', row.livemode)
    .where('id', '=', row.id)
    .where('current_period_end', '=', row.current_period_end)
    .where('invoice_upcoming_sent', '=', 0)
    .returningAll()
    .executeTakeFirst();

/**
 * Moves a subscription to its next period only if its period still ends where the caller
 * read it: a second runner of the same renewal updates nothing and gets undefined. The new
 * period's invoice.upcoming is still to send.
 */
export const advancePeriod = (db: Db, row: SubscriptionRow, patch: Updateable<SubscriptionsTable>) =>
  db
    .updateTable('subscriptions')
    .set({ invoice_upcoming_sent: 0, ...patch })
    .where('project_id', '=', row.project_id)
    .where('livemode', '=', row.livemode)
    .where('id', '=', row.id)
    .where('current_period_end', '=', row.current_period_end)
    .where('status', 'in', RUNNING)
    .returningAll()
    .executeTakeFirst();

/** Clears pause_collection when its resumes_at is still the one the caller read: a second runner gets undefined. */
export const endPauseAt = (db: Db, row: SubscriptionRow) =>
  db
    .updateTable('subscriptions')
    .set({ pause_behavior: null, pause_resumes_at: null })
    .where('project_id', '=', row.project_id)
    .where('livemode', '=', row.livemode)
    .where('id', '=', row.id)
    .where('pause_resumes_at', '=', row.pause_resumes_at)
    .returningAll()
    .executeTakeFirst();

export const pastDueOfCustomer = (db: Db, scope: Scope, customer: string) =>
  selectScoped(db, 'subscriptions', scope).where('customer', '=', customer).where('status', '=', 'past_due').execute();

/** A page of the subscriptions a search matches (of every status), newest first. */
export async function searchSubscriptionRows(db: Db, scope: Scope, request: SearchRequest) {
  return searchPage(db, 'subscriptions', scope, request.query, { created: 'created', metadata: 'metadata', status: 'status' }, request);
}
