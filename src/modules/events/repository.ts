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
    return q;
  });
}

export async function purgeEvents(db: Db, recordedBefore: number): Promise<number> {
  const result = await db.deleteFrom('events').where('recorded_at', '<', recordedBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}
