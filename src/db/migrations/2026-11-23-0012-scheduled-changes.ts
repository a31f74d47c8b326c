import type { Kysely } from 'kysely';

/**
 * Frozen: a subscription's change scheduled for the end of its period (a downgrade the
 * portal schedules), as JSON: when it takes effect and the items it sets. The renewal
 * that starts the next period applies it and clears it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('scheduled_change', 'text').execute();
}
