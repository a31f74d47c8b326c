import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createSqliteDialect } from './sqlite-dialect.ts';
import { listenOn, type Listen } from './notify.ts';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';
import type { Engine } from './engine.ts';
import { BursarError } from '../kit/errors.ts';
import { unlockSecrets, type SecretKeyOptions } from '../secrets/unlock.ts';

export type Db = Kysely<Database>;

export interface StorageOptions extends SecretKeyOptions {
  /** PostgreSQL connection string; when absent, SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface Storage {
  db: Db;
  engine: Engine;
  /** Migrations this open applied (empty when the database was up to date). */
  migrated: string[];
  /** Hears other processes' notifications (PostgreSQL `LISTEN`); absent on SQLite. */
  listen?: Listen;
  close(): Promise<void>;
}

// Keyed by the database's adapter: a transaction shares it with the Kysely it came from.
const counters = new WeakMap<object, { generation(): number; dataVersion(): number }>();

/**
 * A number that moves whenever the data may have changed (a write of this process, a commit
 * of another), cheap to read; null where the engine has no such counter (PostgreSQL). Read it
 * before a lookup, and the lookup's result stays true for as long as the number stays put.
 */
export function changeGeneration(db: Db): number | null {
  return counters.get(db.getExecutor().adapter)?.generation() ?? null;
}

/**
 * A counter that moves whenever another connection commits to the database, read without
 * a query; null where the engine has none (PostgreSQL). For caches this process invalidates
 * itself on its own changes. Works on a transaction too (it reads the same database).
 */
export function externalChangeCounter(db: Db): (() => number) | null {
  const counter = counters.get(db.getExecutor().adapter);
  return counter ? () => counter.dataVersion() : null;
}

// int8 columns (unix times, amounts) fit in a JS number; pg would return strings.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openStorage(options: StorageOptions): Promise<Storage> {
  let db: Db;
  let engine: Engine;
  if (options.databaseUrl) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection closed by the server (a restart, a terminated backend) emits here;
    // the pool has already dropped it and the next query opens a new one. Unheard, the
    // event would crash the process.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    engine = 'sqlite';
    mkdirSync(options.dataDir, { recursive: true });
    const dialect = createSqliteDialect(join(options.dataDir, 'bursar.sqlite'));
    db = new Kysely<Database>({ dialect });
    counters.set(db.getExecutor().adapter, dialect);
  }
  const result = await migrate(db);
  if (result.error) {
    await db.destroy();
    throw result.error instanceof Error ? result.error : BursarError.internal(`Migration failed: ${String(result.error)}`);
  }
  try {
    await unlockSecrets(db, engine, options);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const migrated = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const listen = options.databaseUrl ? listenOn(options.databaseUrl) : undefined;
  return { db, engine, migrated, ...(listen && { listen }), close: () => db.destroy() };
}
