import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { openAtRest, sealAtRest } from './at-rest.ts';

// Not Db from db/database.ts: storage opens through this folder, so it may not import back.
type Db = Kysely<Database>;

/**
 * Every column that holds a sealed secret, with the columns that name its row. A new kind of
 * secret (a payment processor's credentials) is one more line here, and is then sealed on
 * upgrade and re-sealed by `bursar secrets rotate` with the others.
 */
const SEALED_COLUMNS = [
  { table: 'webhook_endpoints', row: ['id'], column: 'secret' },
  { table: 'app_endpoint_settings', row: ['project_id', 'livemode'], column: 'jwt_secret' },
  { table: 'server_secrets', row: ['name'], column: 'value' },
  { table: 'processor_settings', row: ['project_id', 'livemode'], column: 'credentials' },
  { table: 'payment_intents', row: ['project_id', 'livemode', 'id'], column: 'next_action_url' },
] as const;

export async function keyChecks(db: Db): Promise<{ id: string; key_check: string }[]> {
  return db.selectFrom('secret_keys').select(['id', 'key_check']).execute();
}

export async function addKeyCheck(db: Db, id: string, check: string): Promise<void> {
  await db.insertInto('secret_keys').values({ id, key_check: check }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function dropKeyChecksBut(db: Db, id: string): Promise<string[]> {
  return (await db.deleteFrom('secret_keys').where('id', '<>', id).returning('id').execute()).map((r) => r.id);
}

const outside = (column: string, prefix: string) => sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) <> ${prefix}`;

/**
 * Replaces every stored secret not starting with `prefix` by `reseal(value)`, one
 * transaction per table. Each row changes only if it still holds the value read, so
 * processes doing this at once (or a write in between) lose nothing. Returns the rows changed per table.
 */
export async function resealSecrets(db: Db, prefix: string, reseal: (value: string) => string): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  for (const { table, row, column } of SEALED_COLUMNS) {
    changed[table] = await db.transaction().execute(async (trx) => {
      const t = trx as unknown as Kysely<any>; // Kysely cannot type a table named at run time
      const rows: Record<string, any>[] = await t.selectFrom(table).select([...row, column]).where(column, 'is not', null).where(outside(column, prefix)).execute();
      let count = 0;
      for (const r of rows) {
        let update = t.updateTable(table).set({ [column]: reseal(r[column]) }).where(column, '=', r[column]);
        for (const key of row) update = update.where(key, '=', r[key]);
        count += Number((await update.executeTakeFirst()).numUpdatedRows);
      }
      return count;
    });
  }
  return changed;
}

/** How many stored secrets do not start with `prefix`. */
export async function countSecretsOutside(db: Db, prefix: string): Promise<number> {
  let count = 0;
  for (const { table, column } of SEALED_COLUMNS) {
    const r = await (db as unknown as Kysely<any>).selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(column, 'is not', null).where(outside(column, prefix)).executeTakeFirstOrThrow();
    count += Number(r.n);
  }
  return count;
}

/** A server-wide secret by purpose, made with `fresh` the first time it is asked for. */
export async function serverSecret(db: Db, name: string, fresh: () => string): Promise<string> {
  const read = () => db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirst();
  let row = await read();
  if (!row) {
    await db.insertInto('server_secrets').values({ name, value: sealAtRest(db, fresh()) }).onConflict((oc) => oc.column('name').doNothing()).execute();
    row = await read();
  }
  return openAtRest(db, row!.value);
}
