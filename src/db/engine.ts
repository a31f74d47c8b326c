import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

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

/** Whether the engine can wake other processes on commit (`NOTIFY`/`LISTEN`); SQLite cannot. */
export function canNotify(db: Kysely<any>): boolean {
  return engineOf(db) === 'postgres';
}
