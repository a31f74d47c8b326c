import type { Db } from '../../db/database.ts';
import type { EventsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
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

/** `customer.*` → a pattern matching whole types; Stripe allows `*` wildcards, e.g. `customer.*`. */
function typePattern(type: string): RegExp {
  return new RegExp(`^${type.split('*').map((part) => part.replace(/[.\\^$+?()[\]{}|]/g, '\\$&')).join('.*')}$`);
}

/**
 * The distinct event types of a scope, one index seek each: a few dozen, however many
 * events there are (a loose index scan; neither engine does one for DISTINCT).
 */
async function typesOf(db: Db, scope: Scope): Promise<string[]> {
  const types: string[] = [];
  for (;;) {
    let q = selectScoped(db, 'events', scope).clearSelect().select('type');
    if (types.length > 0) q = q.where('type', '>', types[types.length - 1]);
    const row = await q.orderBy('type').limit(1).executeTakeFirst();
    if (!row) return types;
    types.push(row.type);
  }
}

/** The types a list asks for (`type`, with wildcards, and `types[]`), or undefined for all. */
async function wantedTypes(db: Db, scope: Scope, filter: EventFilter): Promise<string[] | undefined> {
  let wanted = filter.types?.length ? filter.types : undefined;
  if (filter.type !== undefined) {
    const pattern = typePattern(filter.type);
    const matching = filter.type.includes('*') ? (await typesOf(db, scope)).filter((t) => pattern.test(t)) : [filter.type];
    wanted = wanted ? wanted.filter((t) => matching.includes(t)) : matching;
  }
  return wanted;
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
  const types = await wantedTypes(db, scope, filter);
  return paginate(
    db,
    'events',
    scope,
    page,
    'event',
    (qb) => {
      const q = qb.where('recorded_at', '>=', filter.recordedAfter);
      // A literal 0, so the engines match `> 0` to the partial index of undelivered events.
      return filter.deliverySuccess === undefined ? q : q.where('pending_webhooks', filter.deliverySuccess ? '=' : '>', sql.lit(0));
    },
    { created: filter.created, oneOf: types && { column: 'type', values: types } },
  );
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
