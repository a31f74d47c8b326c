import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Db } from './database.ts';
import type { Database, ObjectTable } from './schema.ts';
import type { Page } from '../api/list.ts';
import type { RangeParam } from '../api/params.ts';
import { scopeColumns, type Scope } from '../context.ts';
import { selectScoped, type Row } from './scoped.ts';
import { BursarError } from '../kit/errors.ts';

export const DEFAULT_LIMIT = 10;

type Query<T extends ObjectTable> = SelectQueryBuilder<Database, T, Row<T>>;

/**
 * A filter matching any of several values of one column. Each value is read as its own
 * index range, in list order, and the pages are merged: one `IN` over the whole list would
 * make the engine collect every match and sort them all.
 */
export interface OneOf {
  column: string;
  values: readonly (string | number)[];
  /** The column names at most one row per value: a lookup, nothing to walk in order. */
  unique?: boolean;
}

/**
 * A filter on another table whose rows copy the list's `seq` and `created` (under their own
 * names): the page walks that table's index on the filter, in the list's order, and joins
 * each match back by `seq`, instead of checking each row of the scope against the filter.
 */
export interface Through {
  table: ObjectTable;
  column: string;
  value: string | number;
  seq: string;
  created: string;
}

export interface ListOptions {
  /** Stripe's `created` range filter: the list is then ordered by `created` first. */
  created?: RangeParam | undefined;
  oneOf?: OneOf | undefined;
  /** Not with oneOf: the through walk gives the order, other filters are checked per row. */
  through?: Through | undefined;
}

/**
 * Stripe's cursor pagination over any object table: newest first, `starting_after` and
 * `ending_before` are object ids. Newest means last written (`seq`); a list filtered by
 * `created` is ordered by `created`, then `seq` (the same order, but for objects stamped
 * with a test clock's time). Every list has an index on the scope, its filter column and
 * `seq`, and one with `created` before `seq`, so a page is one index walk of `limit` rows
 * however large the table: order and range come from the same index, and the cursor is a
 * seek by id.
 */
export async function paginate<T extends ObjectTable>(
  db: Db,
  table: T,
  scope: Scope,
  page: Page,
  resource: string,
  filter: (qb: Query<T>) => Query<T> = (qb) => qb,
  { created, oneOf, through }: ListOptions = {},
): Promise<{ rows: Selectable<Database[T]>[]; hasMore: boolean }> {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const base = selectScoped(db, table, scope);
  const cursorId = page.starting_after ?? page.ending_before;
  const backwards = page.starting_after === undefined && page.ending_before !== undefined;
  const direction = backwards ? 'asc' : 'desc';
  const order = created === undefined ? ['seq'] : ['created', 'seq'];
  let cursor: Record<string, number> | undefined;
  if (cursorId !== undefined) {
    cursor = await (base as any).clearSelect().select(order).where('id', '=', cursorId).executeTakeFirst();
    if (!cursor) throw BursarError.notFound(resource, cursorId, backwards ? 'ending_before' : 'starting_after');
  }
  // The columns that hold the order: the list's own, or the through table's copies.
  const names: Record<string, string> = through
    ? { created: `${through.table}.${through.created}`, seq: `${through.table}.${through.seq}` }
    : { created: 'created', seq: 'seq' };
  const after = backwards ? '>' : '<';
  const walk = (qb: any, ordered: boolean): Promise<Row<T>[]> => {
    qb = whereRange(qb, names.created, created);
    if (cursor) {
      const at = cursor;
      qb =
        order.length === 1
          ? qb.where(names.seq, after, at.seq)
          : qb.where((eb: any) => eb(eb.refTuple(names.created, names.seq), after, eb.tuple(at.created, at.seq)));
    }
    if (ordered) qb = order.reduce((q, column) => q.orderBy(names[column], direction), qb).limit(limit + 1);
    return qb.execute();
  };
  let rows: Row<T>[];
  if (through !== undefined) {
    // Any other filter is checked on each row the through index yields in order.
    rows = await walk(filter(joinedThrough(db, table, scope, through)), true);
  } else if (oneOf === undefined) {
    rows = await walk(filter(base), true);
  } else {
    const values = [...new Set(oneOf.values)];
    const pages = await Promise.all(values.map((value) => walk((filter(base) as any).where(oneOf.column, '=', value), !oneOf.unique)));
    const sign = backwards ? 1 : -1;
    const compare = (a: any, b: any) => order.reduce((c, column) => c || a[column] - b[column], 0);
    rows = pages
      .flat()
      .sort((a, b) => sign * compare(a, b))
      .slice(0, limit + 1);
  }
  const hasMore = rows.length > limit;
  if (hasMore) rows.pop();
  if (backwards) rows.reverse();
  return { rows, hasMore };
}

/** The list's rows (only their columns) reached from the through table's rows matching its filter. */
function joinedThrough<T extends ObjectTable>(db: Db, table: T, scope: Scope, through: Through): Query<T> {
  const s = scopeColumns(scope);
  const via = through.table;
  return (db as any)
    .selectFrom(via)
    .innerJoin(table, (join: any) =>
      join
        .onRef(`${table}.project_id`, '=', `${via}.project_id`)
        .onRef(`${table}.livemode`, '=', `${via}.livemode`)
        .onRef(`${table}.seq`, '=', `${via}.${through.seq}`),
    )
    .selectAll(table)
    .where(`${via}.project_id`, '=', s.project_id)
    .where(`${via}.livemode`, '=', s.livemode)
    .where(`${via}.${through.column}`, '=', through.value);
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
