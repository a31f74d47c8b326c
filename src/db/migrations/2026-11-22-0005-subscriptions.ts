import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: subscriptions and their items; invoices and invoice items learn which
 * subscription (and item) they bill, why an invoice was made, and which items prorate.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The object-table columns of 0001, repeated: a frozen migration shares no helper that could change.
  const objectTable = (name: string) =>
    withSeq(db, db.schema.createTable(name))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('livemode', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addUniqueConstraint(`${name}_scope_id`, ['project_id', 'livemode', 'id']);

  await objectTable('subscriptions')
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('interval_count', 'integer', (c) => c.notNull())
    .addColumn('collection_method', 'text', (c) => c.notNull())
    .addColumn('days_until_due', 'integer')
    .addColumn('default_payment_method', 'text')
    .addColumn('default_tax_rates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('discounts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('billing_cycle_anchor', 'bigint', (c) => c.notNull())
    .addColumn('current_period_start', 'bigint', (c) => c.notNull())
    .addColumn('current_period_end', 'bigint', (c) => c.notNull())
    .addColumn('start_date', 'bigint', (c) => c.notNull())
    .addColumn('trial_start', 'bigint')
    .addColumn('trial_end', 'bigint')
    .addColumn('cancel_at', 'bigint')
    .addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('canceled_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('cancellation_details', 'text')
    .addColumn('latest_invoice', 'text')
    .addColumn('test_clock', 'text')
    .execute();
  await db.schema.createIndex('subscriptions_customer').on('subscriptions').columns(['project_id', 'livemode', 'customer']).execute();

  await objectTable('subscription_items')
    .addColumn('subscription', 'text', (c) => c.notNull())
    .addColumn('price', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('tax_rates', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('subscription_items_subscription').on('subscription_items').columns(['project_id', 'livemode', 'subscription']).execute();
  await db.schema.createIndex('subscription_items_price').on('subscription_items').columns(['project_id', 'livemode', 'price']).execute();

  await db.schema.alterTable('invoices').addColumn('subscription', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('billing_reason', 'text', (c) => c.notNull().defaultTo('manual')).execute();
  await db.schema.createIndex('invoices_subscription').on('invoices').columns(['project_id', 'livemode', 'subscription']).execute();
  await db.schema.alterTable('invoice_items').addColumn('subscription', 'text').execute();
  await db.schema.alterTable('invoice_items').addColumn('subscription_item', 'text').execute();
  await db.schema.alterTable('invoice_items').addColumn('proration', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
