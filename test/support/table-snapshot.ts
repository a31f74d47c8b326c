import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Storage } from '../../src/db/database.ts';

/** Each table's row count and a checksum of its rows: equal snapshots, nothing written. */
export type TableSnapshot = Record<string, string>;

const queries = new WeakMap<Storage['db'], Promise<ReturnType<typeof sql.raw>>>();

/**
 * One statement that reads every table the database lists (a new table is covered without a
 * change here): its name, row count and rows as text.
 */
async function snapshotQuery({ db, engine }: Pick<Storage, 'db' | 'engine'>) {
  const tables = await db.introspection.getTables();
  const rows = (t: (typeof tables)[number]) =>
    engine === 'sqlite' ? `group_concat(${t.columns.map((c) => `quote("${c.name}")`).join(" || ',' || ")}, char(10))` : `string_agg(x::text, E'\\n')`;
  return sql.raw(tables.map((t) => `select '${t.name}' as name, count(*) as n, ${rows(t)} as rows from "${t.name}" x`).join(' union all '));
}

export async function snapshotTables(storage: Pick<Storage, 'db' | 'engine'>): Promise<TableSnapshot> {
  let query = queries.get(storage.db);
  if (!query) queries.set(storage.db, (query = snapshotQuery(storage)));
  const { rows } = await (await query).execute(storage.db);
  return Object.fromEntries(
    (rows as { name: string; n: number | string; rows: string | null }[]).map((r) => [
      r.name,
      `${r.n} rows, ${createHash('sha1').update(r.rows ?? '').digest('hex').slice(0, 12)}`,
    ]),
  );
}

/** The tables whose rows differ between two snapshots, with both states. */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t] ?? 'absent'} → ${after[t] ?? 'absent'}`);
}
