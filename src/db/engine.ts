import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely, type RawBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Dialect differences live here only. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The `seq` column that orders a table's rows by insertion on either engine. */
export function withSeq<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> {
  return engineOf(db) === 'postgres'
    ? table.addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    : table.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Whether claimed rows can be locked and skipped by other workers (`FOR UPDATE SKIP
 * LOCKED`); SQLite has one writer at a time, so a conditional update is enough there.
 */
export function canSkipLocked(db: Kysely<any>): boolean {
  return engineOf(db) === 'postgres';
}

/** A string member of a JSON text column (`metadata`), comparable with `=` on either engine. */
export function jsonMember(db: Kysely<any>, column: string, key: string): RawBuilder<string | null> {
  return engineOf(db) === 'postgres'
    ? sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key})`
    : sql<string | null>`json_extract(${sql.ref(column)}, ${'$."' + key.replace(/"/g, '') + '"'})`;
}

/** Whether the engine can wake other processes on commit (`NOTIFY`/`LISTEN`); SQLite cannot. */
export function canNotify(db: Kysely<any>): boolean {
  return engineOf(db) === 'postgres';
}
