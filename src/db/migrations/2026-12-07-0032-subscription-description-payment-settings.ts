import type { Kysely } from 'kysely';

/**
 * Frozen: a subscription's `description` (shown to the customer) and its `payment_settings`
 * (JSON: payment_method_types, save_default_payment_method, payment_method_options; null
 * when never set, Stripe's defaults).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('description', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('payment_settings', 'text').execute();
}
