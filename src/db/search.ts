import { sql, type RawBuilder, type SqlBool, type Selectable } from 'kysely';
import type { Db } from './database.ts';
import type { Database, ObjectTable } from './schema.ts';
import type { Scope } from '../context.ts';
import { engineOf } from './engine.ts';
import { selectScoped } from './scoped.ts';
import { DEFAULT_LIMIT } from './paginate.ts';
import type { SearchClause, SearchQuery } from '../search/query.ts';
import type { SearchCursor } from '../search/page.ts';

/**
 * Per searchable field, the table column holding it (metadata: the JSON text column), or an
 * expression over the row for a field the object derives (a charge's shown status).
 */
export type SearchColumns = Record<string, string | RawBuilder<unknown>>;

export interface SearchPageOptions {
  limit?: number | undefined;
  after?: SearchCursor | undefined;
  /** Also count every match (`expand[]=total_count`). */
  count?: boolean;
  /** What the table's rows must be besides (a customer not deleted). */
  filter?: (qb: any) => any;
}

/** The value of one metadata key, null when absent, from a JSON text column. */
function metadataValue(db: Db, column: string, key: string): RawBuilder<unknown> {
  return engineOf(db) === 'postgres'
    ? sql`(${sql.ref(column)}::jsonb ->> ${key}::text)`
    : sql`(select value from json_each(${sql.ref(column)}) where key = ${key})`;
}

/** The text at a path of fixed keys in a JSON text column (`address.postal_code`), null when absent. */
export function jsonText(db: Db, column: string, path: readonly string[]): RawBuilder<unknown> {
  return engineOf(db) === 'postgres'
    ? sql`(${sql.ref(column)}::jsonb #>> ${`{${path.join(',')}}`}::text[])`
    : sql`json_extract(${sql.ref(column)}, ${`$.${path.map((key) => `"${key}"`).join('.')}`})`;
}

// A substring search matches the characters given, % and _ included.
const likePattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function clauseSql(db: Db, clause: SearchClause, columns: SearchColumns): RawBuilder<SqlBool> {
  const column = columns[clause.field]!;
  const target = typeof column !== 'string' ? column : clause.key === undefined ? sql.ref(column) : metadataValue(db, column, clause.key);
  const { value } = clause;
  let match: RawBuilder<SqlBool>;
  if (value === null) match = sql`${target} is null`;
  else if (clause.operator === '~') match = sql`lower(${target}) like lower(${likePattern(value as string)}) escape '\\'`;
  // Exact text matches ignore case, as Stripe's do.
  else if (typeof value === 'string') match = sql`lower(${target}) = lower(${value})`;
  else if (typeof value === 'boolean') match = sql`${target} = ${value ? 1 : 0}`;
  // As bigint: PostgreSQL would read the number as the column's type, and a 32-bit column refuse a larger one.
  else match = sql`${target} ${sql.raw(clause.operator === ':' ? '=' : clause.operator)} cast(${value} as bigint)`;
  // A negated clause holds where the field has no value too (NOT of SQL's unknown is unknown).
  return clause.negated ? sql`not coalesce(${match}, false)` : match;
}

/** The SQL condition of a parsed search query, over the columns named for its fields. */
function querySql(db: Db, query: SearchQuery, columns: SearchColumns): RawBuilder<SqlBool> {
  const parts = query.clauses.map((clause) => clauseSql(db, clause, columns));
  return sql`(${sql.join(parts, sql.raw(query.combine === 'or' ? ' or ' : ' and '))})`;
}

/**
 * One page of a search over an object table, newest first, scoped to the caller's project and
 * mode like the lists: the rows, whether more match, and (when asked) how many match in all.
 */
export async function searchPage<T extends ObjectTable>(
  db: Db,
  table: T,
  scope: Scope,
  query: SearchQuery,
  columns: SearchColumns,
  options: SearchPageOptions,
): Promise<{ rows: Selectable<Database[T]>[]; hasMore: boolean; total?: number }> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const filter = options.filter ?? ((qb: any) => qb);
  const matching = () => filter((selectScoped(db, table, scope) as any).where(querySql(db, query, columns)));
  let qb = matching();
  if (options.after) qb = qb.where('seq', '<', options.after.afterSeq);
  const rows: Selectable<Database[T]>[] = await qb.orderBy('seq', 'desc').limit(limit + 1).execute();
  const hasMore = rows.length > limit;
  if (hasMore) rows.pop();
  if (!options.count) return { rows, hasMore };
  const counted = await matching().clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { rows, hasMore, total: Number(counted.n) };
}
