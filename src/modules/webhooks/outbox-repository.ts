import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { canNotify, canSkipLocked } from '../../db/engine.ts';
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from '../../db/schema.ts';

// The outbox: delivery rows written with their event, claimed under a lease by whichever
// process delivers them, and every attempt's record.

export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** The channel PostgreSQL notifies on commit when deliveries were written. */
export const DELIVERIES_CHANNEL = 'bursar_webhook_deliveries';

export async function insertDeliveries(db: Db, rows: Insertable<WebhookDeliveriesTable>[]): Promise<void> {
  await db.insertInto('webhook_deliveries').values(rows).execute();
  if (canNotify(db)) await notifyDeliveries(db);
}

/** NOTIFY is transactional: other processes hear it once the deliveries are committed. */
async function notifyDeliveries(db: Db): Promise<void> {
  await sql`select pg_notify(${DELIVERIES_CHANNEL}, '')`.execute(db);
}

export interface ClaimOptions {
  now: number;
  lockedUntil: number;
  claim: string;
  limit: number;
  /** Endpoints this process is already busy enough with. */
  skipEndpoints: string[];
  /** Only these deliveries (a resend from the CLI). */
  only?: string[] | undefined;
}

/**
 * Leases up to `limit` due deliveries to this process and counts the attempt. Other
 * processes skip rows locked by a concurrent claim (PostgreSQL) or wait for the single
 * writer (SQLite); a lease that runs out (a crash) makes the row due again.
 */
export async function claimDeliveries(db: Db, o: ClaimOptions): Promise<DeliveryRow[]> {
  let due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', o.now)
    .where('locked_until', '<=', o.now)
    .orderBy('next_attempt_at')
    .limit(o.limit);
  if (o.skipEndpoints.length > 0) due = due.where('endpoint_id', 'not in', o.skipEndpoints);
  if (o.only) due = due.where('id', 'in', o.only);
  if (canSkipLocked(db)) due = due.forUpdate().skipLocked();
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ locked_until: o.lockedUntil, claim: o.claim, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** When the next pending delivery falls due after `now`, or null. */
export async function nextDueAt(db: Db, now: number): Promise<number | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('next_attempt_at')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '>', now)
    .orderBy('next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  return row ? row.next_attempt_at : null;
}

/**
 * Ends this process's lease with the delivery's new state. False when the lease was lost
 * (it ran out and another process claimed the row): that process decides then.
 */
export async function settleDelivery(
  db: Db,
  id: string,
  claim: string,
  next: { status: 'succeeded' | 'failed' } | { status: 'pending'; next_attempt_at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ ...next, locked_until: 0, claim: null })
    .where('id', '=', id)
    .where('claim', '=', claim)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Stops every pending delivery to an endpoint: given up (it was deleted) or paused (it was
 * disabled, and may be enabled again). A delivery in flight keeps its attempt, but its
 * outcome no longer changes the row (the lease is gone).
 */
export async function stopDeliveries(db: Db, endpoint: string, status: 'failed' | 'paused'): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status, locked_until: 0, claim: null })
    .where('endpoint_id', '=', endpoint)
    .where('status', 'in', ['pending', 'paused'])
    .execute();
}

/**
 * An endpoint enabled again: its paused deliveries created since `createdSince` (unix
 * seconds) are due at once, the older ones are given up. Returns how many are due.
 */
export async function resumeDeliveries(db: Db, endpoint: string, createdSince: number): Promise<number> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed' })
    .where('endpoint_id', '=', endpoint)
    .where('status', '=', 'paused')
    .where('created', '<', createdSince)
    .execute();
  const resumed = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: 0 })
    .where('endpoint_id', '=', endpoint)
    .where('status', '=', 'paused')
    .executeTakeFirst();
  const count = Number(resumed.numUpdatedRows);
  if (count > 0 && canNotify(db)) await notifyDeliveries(db);
  return count;
}

/** Records attempts, many rows per statement. */
export async function insertAttempts(db: Db, rows: Insertable<WebhookAttemptsTable>[]): Promise<void> {
  // Well under either engine's limit of bound parameters per statement.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('webhook_attempts').values(rows.slice(i, i + 500)).execute();
}

/** Ends this process's lease on delivered deliveries; returns those whose lease it still held. */
export async function settleDelivered(db: Db, ids: string[], claim: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'succeeded', locked_until: 0, claim: null })
    .where('id', 'in', ids)
    .where('claim', '=', claim)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The endpoints answered: they are healthy again. */
export async function clearFailing(db: Db, endpoints: string[]): Promise<void> {
  if (endpoints.length === 0) return;
  await db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', 'in', endpoints).where('failing_since', 'is not', null).execute();
}

/** The endpoint failed at `now`: returns since when it has been failing without a success. */
export async function markFailing(db: Db, endpoint: string, now: number): Promise<number> {
  await db.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', endpoint).where('failing_since', 'is', null).execute();
  const row = await db.selectFrom('webhook_endpoints').select('failing_since').where('id', '=', endpoint).executeTakeFirst();
  return row?.failing_since ?? now;
}

/** Drops deliveries and attempts of events past retention. */
export async function purgeDeliveries(db: Db, createdBefore: number): Promise<number> {
  const deliveries = await db.deleteFrom('webhook_deliveries').where('created', '<', createdBefore).where('status', '!=', 'pending').executeTakeFirst();
  await db.deleteFrom('webhook_attempts').where('created', '<', createdBefore).execute();
  return Number(deliveries.numDeletedRows);
}
