import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Db } from './database.ts';
import type { Database, ObjectTable } from './schema.ts';
import type { Page } from '../api/list.ts';
import type { RangeParam } from '../api/params.ts';
import type { Scope } from '../context.ts';
import { selectScoped, type Row } from './scoped.ts';
import { BursarError } from '../kit/errors.ts';

export const DEFAULT_LIMIT = 10;

type Query<T extends ObjectTable> = SelectQueryBuilder<Database, T, Row<T>>;

/**
 * Stripe's cursor pagination over any object table: newest first, `starting_after`
 * and `ending_before` are object ids, ordered by the insertion sequence.
 */
export async function paginate<T extends ObjectTable>(
  db: Db,
  table: T,
  scope: Scope,
  page: Page,
  resource: string,
  filter: (qb: Query<T>) => Query<T> = (qb) => qb,
): Promise<{ rows: Selectable<Database[T]>[]; hasMore: boolean }> {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const base = selectScoped(db, table, scope);
  let qb: any = filter(base);
  const cursorId = page.starting_after ?? page.ending_before;
  const backwards = page.starting_after === undefined && page.ending_before !== undefined;
  if (cursorId !== undefined) {
    const cursor = await (base as any).clearSelect().select('seq').where('id', '=', cursorId).executeTakeFirst();
    if (!cursor) throw BursarError.notFound(resource, cursorId, backwards ? 'ending_before' : 'starting_after');
    qb = qb.where('seq', backwards ? '>' : '<', cursor.seq);
  }
  const rows: Selectable<Database[T]>[] = await qb.orderBy('seq', backwards ? 'asc' : 'desc').limit(limit + 1).execute();
  const hasMore = rows.length > limit;
  if (hasMore) rows.pop();
  if (backwards) rows.reverse();
  return { rows, hasMore };
}

/** Applies Stripe's `created` range filter (or any unix-time column). */
export function whereRange<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, column: string, range: RangeParam | undefined): QB {
  if (range === undefined) return qb;
  if (typeof range === 'number') return qb.where(column, '=', range) as QB;
  let out: SelectQueryBuilder<any, any, any> = qb;
  if (range.gt !== undefined) out = out.where(column, '>', range.gt);
  if (range.gte !== undefined) out = out.where(column, '>=', range.gte);
  if (range.lt !== undefined) out = out.where(column, '<', range.lt);
  if (range.lte !== undefined) out = out.where(column, '<=', range.lte);
  return out as QB;
}
