import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SubscriptionSchedulesTable } from '../../db/schema.ts';
import { canSkipLocked } from '../../db/engine.ts';
import { paginate, whereRange } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type ScheduleRow = Row<'subscription_schedules'>;

export const insertSchedule = (db: Db, row: Insertable<SubscriptionSchedulesTable>) => insertRow(db, 'subscription_schedules', row);

export const findSchedule = (db: Db, scope: Scope, id: string) => findScoped(db, 'subscription_schedules', scope, id);

export const updateScheduleRow = (db: Db, scope: Scope, id: string, patch: Updateable<SubscriptionSchedulesTable>) =>
  updateScoped(db, 'subscription_schedules', scope, id, patch);

/**
 * Moves a schedule on only if it is still where the caller read it (status, phase, next
 * step): a second runner of the same step updates nothing and gets undefined.
 */
export const moveSchedule = (db: Db, row: ScheduleRow, patch: Updateable<SubscriptionSchedulesTable>) =>
  db
    .updateTable('subscription_schedules')
    .set(patch)
    .where('project_id', '=', row.project_id)
    .where('livemode', '=', row.livemode)
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .where('next_at', row.next_at === null ? 'is' : '=', row.next_at)
    .where('current_phase', row.current_phase === null ? 'is' : '=', row.current_phase)
    .returningAll()
    .executeTakeFirst();

/** The schedule managing a subscription, while it does. */
export const scheduleOfSubscription = (db: Db, scope: Scope, subscription: string) =>
  selectScoped(db, 'subscription_schedules', scope).where('subscription', '=', subscription).where('status', '=', 'active').executeTakeFirst();

export interface ScheduleFilter {
  customer?: string | undefined;
  /** Only schedules not started yet. */
  scheduled?: boolean | undefined;
  created?: RangeParam | undefined;
  canceledAt?: RangeParam | undefined;
  completedAt?: RangeParam | undefined;
  releasedAt?: RangeParam | undefined;
}

export function listScheduleRows(db: Db, scope: Scope, page: Page, filter: ScheduleFilter) {
  return paginate(
    db,
    'subscription_schedules',
    scope,
    page,
    'subscription_schedule',
    (qb) => {
      let q = qb;
      if (filter.customer !== undefined) q = q.where('customer', '=', filter.customer);
      if (filter.scheduled !== undefined) q = q.where('status', filter.scheduled ? '=' : '<>', 'not_started');
      q = whereRange(q, 'canceled_at', filter.canceledAt);
      q = whereRange(q, 'completed_at', filter.completedAt);
      return whereRange(q, 'released_at', filter.releasedAt);
    },
    { created: filter.created },
  );
}

/**
 * Claims one schedule on real time with a step due, skipping `skip`. On PostgreSQL the row
 * stays locked until the claiming transaction ends and other workers skip it; SQLite runs
 * one writer at a time.
 */
export async function claimDueSchedule(db: Db, now: number, skip: readonly string[]) {
  let q = db.selectFrom('subscription_schedules').selectAll().where('test_clock', 'is', null).where('next_at', '<=', now);
  if (skip.length > 0) q = q.where('id', 'not in', skip);
  const limited = q.orderBy('next_at', 'asc').limit(1);
  return (canSkipLocked(db) ? limited.forUpdate().skipLocked() : limited).executeTakeFirst();
}

/** The schedule on a test clock whose next step comes first, if one is due by `upTo`. */
export const firstDueOnClock = (db: Db, scope: Scope, testClock: string, upTo: number) =>
  selectScoped(db, 'subscription_schedules', scope).where('test_clock', '=', testClock).where('next_at', '<=', upTo).orderBy('next_at', 'asc').limit(1).executeTakeFirst();
