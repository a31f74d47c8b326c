import type { Kysely } from 'kysely';

/**
 * Frozen: invoice.upcoming, once per period. A subscription keeps whether the notice of its
 * current period is still to be sent (0), was sent (1) or was withheld because the period
 * ends the subscription (2); a new period sets it back to 0. The due-work claim reads the
 * subscriptions still to be notified whose period ends soon as one index range per status.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('invoice_upcoming_sent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createIndex('subscriptions_invoice_upcoming')
    .on('subscriptions')
    .columns(['status', 'invoice_upcoming_sent', 'current_period_end'])
    .execute();
}
