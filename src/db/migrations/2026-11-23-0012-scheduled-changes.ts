import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: a subscription's change scheduled for the end of its period (a downgrade the
 * portal schedules), as JSON: when it takes effect and the items it sets; the renewal
 * that starts the next period applies it and clears it. Customers' tax IDs (`txi_…`),
 * listed by customer, and the ones an invoice showed when it was finalized.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('scheduled_change', 'text').execute();
  await withSeq(db, db.schema.createTable('tax_ids'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('verification_status', 'text', (c) => c.notNull())
    .addUniqueConstraint('tax_ids_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  await db.schema.alterTable('invoices').addColumn('customer_tax_ids', 'text').execute();
  await db.schema.createIndex('tax_ids_customer').on('tax_ids').columns(['project_id', 'livemode', 'customer', 'seq']).execute();
}
