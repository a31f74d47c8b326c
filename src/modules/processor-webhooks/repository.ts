import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ProcessorEventsTable } from '../../db/schema.ts';

export type ProcessorEventStatus = 'received' | 'applied' | 'ignored' | 'unhandled' | 'failed' | 'refused';

/**
 * Records a processor's event unless it was recorded before (the same event id: a retry or a
 * replay). True when this call recorded it, so it is applied exactly once.
 */
export async function claimProcessorEvent(db: Db, row: Insertable<ProcessorEventsTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('processor_events')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'livemode', 'processor', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function settleProcessorEvent(db: Db, id: string, status: ProcessorEventStatus, detail: string | null): Promise<void> {
  await db.updateTable('processor_events').set({ status, detail }).where('id', '=', id).execute();
}

/** Drops refused webhooks received before `before`; applied ones stay, so an event id is never applied twice. */
export async function purgeRefusedEvents(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('processor_events').where('status', '=', 'refused').where('received', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
