import type { Db } from '../../db/database.ts';
import type { EventsTable } from '../../db/schema.ts';
import { paginate, whereRange } from '../../db/paginate.ts';
import { selectScoped } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';
import { sql, type Insertable, type Selectable } from 'kysely';

export type EventRow = Selectable<EventsTable>;

export async function insertEvent(db: Db, row: Insertable<EventsTable>): Promise<void> {
  await db.insertInto('events').values(row).execute();
}

export async function findEvent(db: Db, scope: Scope, id: string, recordedAfter: number): Promise<EventRow | undefined> {
  return selectScoped(db, 'events', scope).where('id', '=', id).where('recorded_at', '>=', recordedAfter).executeTakeFirst();
}

/** `customer.*` → a LIKE pattern; `_` and `%` in event types match only themselves. */
function likePattern(type: string): string {
  return type.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

export interface EventFilter {
  type?: string | undefined;
  types?: string[] | undefined;
  created?: RangeParam | undefined;
  /** Retention: only events written since then (real time, whatever their `created`). */
  recordedAfter: number;
  /** false: events some endpoint has not received yet (pending or given up); true: the others. */
  deliverySuccess?: boolean | undefined;
}

export async function listEvents(db: Db, scope: Scope, page: Page, filter: EventFilter) {
  return paginate(db, 'events', scope, page, 'event', (qb) => {
    let q = whereRange(qb, 'created', filter.created).where('recorded_at', '>=', filter.recordedAfter);
    if (filter.type !== undefined) {
      // Stripe allows one trailing or inner `*` wildcard, e.g. `customer.*`.
      q = filter.type.includes('*')
        ? q.where(sql<boolean>`type like ${likePattern(filter.type)} escape '\\'`)
        : q.where('type', '=', filter.type);
    }
    if (filter.types?.length) q = q.where('type', 'in', filter.types);
    if (filter.deliverySuccess !== undefined) q = q.where('pending_webhooks', filter.deliverySuccess ? '=' : '>', 0);
    return q;
  });
}

export async function purgeEvents(db: Db, recordedBefore: number): Promise<number> {
  const result = await db.deleteFrom('events').where('recorded_at', '<', recordedBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Events by id, whatever their scope (`bursar events resend`); a scan, so not for hot paths. */
export async function eventsByIds(db: Db, ids: string[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('events').selectAll().where('id', 'in', ids).execute();
}

/** Events of one scope by id (the scope's unique index finds them). */
export async function scopedEventsByIds(db: Db, scope: Scope, ids: string[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  return selectScoped(db, 'events', scope).where('id', 'in', ids).execute();
}

/** `n` more endpoints wait for the event (a resend), or one fewer (-1: one received it). */
export async function addPendingWebhooks(db: Db, scope: Scope, ids: string | readonly string[], n: number): Promise<void> {
  await db
    .updateTable('events')
    .set((eb) => ({ pending_webhooks: eb('pending_webhooks', '+', n) }))
    .where('project_id', '=', scope.projectId)
    .where('livemode', '=', scope.livemode ? 1 : 0)
    .where('id', 'in', typeof ids === 'string' ? [ids] : ids)
    .execute();
}

/** Events of a scope recorded after the one with sequence `afterSeq`, oldest first. */
export async function eventsAfter(db: Db, scope: Scope, afterSeq: number, limit: number): Promise<EventRow[]> {
  return selectScoped(db, 'events', scope).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/** The sequence of the scope's newest event (0 when there is none). */
export async function lastEventSeq(db: Db, scope: Scope): Promise<number> {
  const row = await selectScoped(db, 'events', scope).clearSelect().select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.seq) : 0;
}
