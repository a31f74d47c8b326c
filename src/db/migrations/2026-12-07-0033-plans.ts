import type { Kysely } from 'kysely';

/**
 * Frozen: a recurring price is also a plan (`/v1/plans`). A plan can be deleted (existing
 * subscriptions keep billing it; nothing new can use it) and carries trial_period_days,
 * which a subscription created with trial_from_plan takes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prices').addColumn('deleted_at', 'bigint').execute();
  await db.schema.alterTable('prices').addColumn('recurring_trial_period_days', 'integer').execute();
}
