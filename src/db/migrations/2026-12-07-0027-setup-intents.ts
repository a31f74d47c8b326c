import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: setup intents (`seti_…`), Stripe's way to save a card for later payments, with the
 * customer's authentication when the card's bank asks for it. `processor_ref` names the
 * authentication the processor awaits (the test gateway's challenge).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withSeq(db, db.schema.createTable('setup_intents'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('customer', 'text')
    .addColumn('payment_method', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('usage', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('return_url', 'text')
    .addColumn('processor_ref', 'text')
    .addColumn('last_setup_error', 'text')
    .addColumn('cancellation_reason', 'text')
    .addUniqueConstraint('setup_intents_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  await db.schema.createIndex('setup_intents_list').on('setup_intents').columns(['project_id', 'livemode', 'seq']).execute();
  await db.schema.createIndex('setup_intents_customer').on('setup_intents').columns(['project_id', 'livemode', 'customer', 'seq']).execute();
  await db.schema.createIndex('setup_intents_payment_method').on('setup_intents').columns(['project_id', 'livemode', 'payment_method', 'seq']).execute();
  await db.schema.createIndex('setup_intents_processor_ref').on('setup_intents').columns(['processor_ref']).execute();
}
