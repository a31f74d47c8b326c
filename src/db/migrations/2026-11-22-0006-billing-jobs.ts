import type { Kysely } from 'kysely';

/**
 * Frozen: what the billing jobs need to run each step exactly once. A subscription
 * remembers the trial_will_end notice it sent and when its failed invoice is tried
 * next; one row per billed cycle makes a second renewal of the same period fail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('trial_will_end_sent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('subscriptions').addColumn('first_failed_at', 'bigint').execute();
  await db.schema.alterTable('subscriptions').addColumn('next_retry_at', 'bigint').execute();
  await db.schema
    .createTable('subscription_cycles')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('subscription', 'text', (c) => c.notNull())
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('billing_reason', 'text', (c) => c.notNull())
    .addColumn('invoice', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscription_cycles_once', ['project_id', 'livemode', 'subscription', 'period_start', 'billing_reason'])
    .execute();
  // The due-work claim scans live subscriptions by when their period ends.
  await db.schema.createIndex('subscriptions_period_end').on('subscriptions').columns(['status', 'current_period_end']).execute();
}
