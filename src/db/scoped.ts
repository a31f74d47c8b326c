import { CompiledQuery, type Insertable, type Selectable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Db } from './database.ts';
import type { Database, ObjectTable } from './schema.ts';
import { scopeColumns, type Scope } from '../context.ts';
import { engineOf } from './engine.ts';

// The queries every object table shares, pinned to one project and mode. Kysely cannot
// narrow columns over a generic table name, so the casts live here and nowhere else.

export type Row<T extends ObjectTable> = Selectable<Database[T]>;

export function selectScoped<T extends ObjectTable>(db: Db, table: T, scope: Scope): SelectQueryBuilder<Database, T, Row<T>> {
  const s = scopeColumns(scope);
  return (db as any).selectFrom(table).selectAll().where('project_id', '=', s.project_id).where('livemode', '=', s.livemode);
}

/** SQL of the find-by-id query per engine and table: the hottest query, built once. */
const findSql = new Map<string, string>();

export async function findScoped<T extends ObjectTable>(db: Db, table: T, scope: Scope, id: string): Promise<Row<T> | undefined> {
  const key = `${engineOf(db)}:${table}`;
  let sql = findSql.get(key);
  if (sql === undefined) {
    sql = (selectScoped(db, table, scope) as any).where('id', '=', id).compile().sql as string;
    findSql.set(key, sql);
  }
  const s = scopeColumns(scope);
  // Parameters in the order selectScoped binds them: project, mode, id.
  const result = await db.executeQuery<Row<T>>(CompiledQuery.raw(sql, [s.project_id, s.livemode, id]));
  return result.rows[0];
}

export async function insertRow<T extends ObjectTable>(db: Db, table: T, row: Insertable<Database[T]>): Promise<Row<T>> {
  return (db as any).insertInto(table).values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * Updates one row of the scope by id and returns it. A patch that sets nothing (every value
 * undefined: an update with no parameters) reads the row instead, as SQL has no empty SET.
 */
export async function updateScoped<T extends ObjectTable>(db: Db, table: T, scope: Scope, id: string, patch: Updateable<Database[T]>): Promise<Row<T>> {
  if (Object.values(patch).every((value) => value === undefined)) {
    return (selectScoped(db, table, scope) as any).where('id', '=', id).executeTakeFirstOrThrow();
  }
  return updateOne(db, table, scope, id, patch).returningAll().executeTakeFirstOrThrow();
}

/** The update of one row of the scope by id. */
function updateOne(db: Db, table: ObjectTable, scope: Scope, id: string, patch: object) {
  const s = scopeColumns(scope);
  return (db as any).updateTable(table).set(patch).where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('id', '=', id);
}

/** Deletes one row of the scope by id (nothing when it is not there). */
export async function deleteScoped(db: Db, table: ObjectTable, scope: Scope, id: string): Promise<void> {
  const s = scopeColumns(scope);
  await (db as any).deleteFrom(table).where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('id', '=', id).execute();
}

/** Tables of attempts a processor answers (charges, refunds): a status, and when to ask again. */
type AttemptTable = 'charges' | 'refunds';

/**
 * Moves an attempt (or a setup) from one of the statuses `from` to what `patch` says; undefined
 * when it had moved on already (another process applied the answer first), so an answer applies once.
 */
export async function transitionScoped<T extends AttemptTable | 'setup_intents'>(db: Db, table: T, scope: Scope, id: string, from: readonly string[], patch: Updateable<Database[T]>): Promise<Row<T> | undefined> {
  return updateOne(db, table, scope, id, patch).where('status', 'in', from).returningAll().executeTakeFirst();
}

/**
 * Claims an attempt left without an answer for asking about it again: moves its next check
 * on, if no other process did first (its check time and status as read). True when claimed.
 */
export async function claimScoped(db: Db, table: AttemptTable, row: { project_id: string; livemode: number; id: string; check_after: number | null }, unsettled: readonly string[], nextCheck: number): Promise<boolean> {
  const claimed = await (db as any)
    .updateTable(table)
    .set({ check_after: nextCheck })
    .where('project_id', '=', row.project_id)
    .where('livemode', '=', row.livemode)
    .where('id', '=', row.id)
    .where('check_after', '=', row.check_after)
    .where('status', 'in', unsettled)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}
