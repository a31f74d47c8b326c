import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStorage, type Storage, type StorageOptions } from '../../src/db/database.ts';
import type { Engine } from '../../src/db/engine.ts';
import { randomBase62 } from '../../src/kit/ids.ts';

/** Every storage test runs on both engines; PostgreSQL comes from `npm test`. */
export const ENGINES: Engine[] = process.env.BURSAR_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStorage extends Storage {
  /** What `openStorage` needs to open the same database again (e.g. in a child process). */
  options: TestStorageOptions;
}

/** SQLite finds its key in the data directory; PostgreSQL is given one, as every process of a deployment is. */
export type TestStorageOptions = Pick<StorageOptions, 'dataDir' | 'databaseUrl' | 'secretKeys'>;

/** A fresh, empty database of the engine: a temp dir for SQLite, a new database for PostgreSQL. */
export async function freshDatabase(engine: Engine): Promise<{ options: TestStorageOptions; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bursar-test-'));
  if (engine === 'sqlite') {
    return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.BURSAR_TEST_DATABASE_URL!;
  const name = `bursar_${randomBase62(12).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    options: { dataDir, databaseUrl: url.toString(), secretKeys: [randomBytes(32)] },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function openTestStorage(engine: Engine): Promise<TestStorage> {
  const fresh = await freshDatabase(engine);
  const storage = await openStorage(fresh.options);
  return {
    ...storage,
    options: fresh.options,
    async close() {
      await storage.close();
      await fresh.drop();
    },
  };
}

/** Every value stored in every table of the database, as text: what a copy of it gives away. */
export async function storedValues(db: Storage['db']): Promise<string[]> {
  const values: string[] = [];
  for (const table of await db.introspection.getTables()) {
    const rows = await (db as any).selectFrom(table.name).selectAll().execute();
    for (const row of rows) for (const value of Object.values(row)) if (value !== null) values.push(String(value));
  }
  return values;
}
