import type { Kysely } from 'kysely';

/**
 * Frozen: one index per condition that makes a subscription due, so the due-work claim
 * reads one index range per condition instead of every live subscription per claim.
 * (The period end has had its index since 0006.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('subscriptions_cancel_at').on('subscriptions').columns(['status', 'cancel_at']).execute();
  await db.schema.createIndex('subscriptions_trial_end').on('subscriptions').columns(['status', 'trial_end']).execute();
  await db.schema.createIndex('subscriptions_next_retry_at').on('subscriptions').columns(['status', 'next_retry_at']).execute();
}
