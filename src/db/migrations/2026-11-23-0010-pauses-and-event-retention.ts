import { sql, type Kysely } from 'kysely';

/**
 * Frozen: paused collection and trial end settings of subscriptions, and when each event
 * was written. A subscription keeps pause_collection as its behavior and the time it
 * resumes (the due-work claim looks for that time), and what its trial does at its end
 * without a payment method. Events of objects on a test clock are created at the clock's
 * time, which can be years from now or ago: retention counts from `recorded_at`, the
 * real time the row was written (existing rows: their `created`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('pause_behavior', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('pause_resumes_at', 'bigint').execute();
  await db.schema
    .alterTable('subscriptions')
    .addColumn('trial_missing_payment_method', 'text', (c) => c.notNull().defaultTo('create_invoice'))
    .execute();
  await db.schema.alterTable('events').addColumn('recorded_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update events set recorded_at = created`.execute(db);
  await db.schema.createIndex('events_recorded_at').on('events').column('recorded_at').execute();
}
