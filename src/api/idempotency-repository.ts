import type { Db } from '../db/database.ts';
import type { IdempotencyKeysTable } from '../db/schema.ts';
import { scopeColumns, type Scope } from '../context.ts';

export type KeyRow = IdempotencyKeysTable;

const where = (scope: Scope, key: string) => ({ ...scopeColumns(scope), key });

/** Inserts a pending claim; false when the key already has a row. */
export async function insertClaim(db: Db, scope: Scope, key: string, hash: string, now: number, lockedUntil: number): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({ ...where(scope, key), request_hash: hash, status: 'pending', locked_until: lockedUntil, created: now })
    .onConflict((oc) => oc.columns(['project_id', 'livemode', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findKey(db: Db, scope: Scope, key: string): Promise<KeyRow | undefined> {
  const w = where(scope, key);
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('project_id', '=', w.project_id)
    .where('livemode', '=', w.livemode)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Takes over a claim whose request died (its lease ran out) or whose record expired. */
export async function retakeClaim(db: Db, scope: Scope, key: string, hash: string, now: number, lockedUntil: number, expiredBefore: number): Promise<boolean> {
  const w = where(scope, key);
  const result = await db
    .updateTable('idempotency_keys')
    .set({ request_hash: hash, status: 'pending', locked_until: lockedUntil, created: now, response_status: null, response_body: null })
    .where('project_id', '=', w.project_id)
    .where('livemode', '=', w.livemode)
    .where('key', '=', key)
    .where((eb) =>
      eb.or([eb.and([eb('status', '=', 'pending'), eb('locked_until', '<', now)]), eb('created', '<', expiredBefore)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function completeKey(db: Db, scope: Scope, key: string, status: number, body: string): Promise<void> {
  const w = where(scope, key);
  await db
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: status, response_body: body })
    .where('project_id', '=', w.project_id)
    .where('livemode', '=', w.livemode)
    .where('key', '=', key)
    .execute();
}

export async function deleteKey(db: Db, scope: Scope, key: string): Promise<void> {
  const w = where(scope, key);
  await db
    .deleteFrom('idempotency_keys')
    .where('project_id', '=', w.project_id)
    .where('livemode', '=', w.livemode)
    .where('key', '=', key)
    .execute();
}

export async function purgeKeys(db: Db, createdBefore: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created', '<', createdBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}
