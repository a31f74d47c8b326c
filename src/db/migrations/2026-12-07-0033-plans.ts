import type { Kysely } from 'kysely';

/**
 * Frozen: a recurring price is also a plan (`/v1/plans`). A plan can be deleted (existing
 * subscriptions keep billing it; nothing new can use it) and carries trial_period_days,
 * which a subscription created with trial_from_plan takes. The list of plans is the list
 * of recurring prices: each of its filters walks an index that starts with the type (and one
 * ordered by `created`, as every list's).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prices').addColumn('deleted_at', 'bigint').execute();
  await db.schema.alterTable('prices').addColumn('recurring_trial_period_days', 'integer').execute();
  for (const column of ['product', 'active']) {
    const name = `prices_list_by_type_${column}`;
    await db.schema.createIndex(name).on('prices').columns(['project_id', 'livemode', 'type', column, 'seq']).execute();
    await db.schema.createIndex(`${name}_created`).on('prices').columns(['project_id', 'livemode', 'type', column, 'created', 'seq']).execute();
  }
}
