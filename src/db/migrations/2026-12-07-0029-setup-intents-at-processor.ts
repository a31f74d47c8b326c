import type { Kysely } from 'kysely';

/**
 * Frozen: a setup intent backed by one at a remote processor (Stripe's seti_…) keeps the page
 * the processor sends the customer to for authentication: it cannot be derived from the ref.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('setup_intents').addColumn('next_action_url', 'text').execute();
}
