import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: invoice items, invoices, their number counters and payment attempts.
 * Lists of ids (tax rates, discounts) are JSON text; money is integer minor units.
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

  await objectTable('invoice_items')
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('invoice', 'text')
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('period_end', 'bigint', (c) => c.notNull())
    .addColumn('discountable', 'integer', (c) => c.notNull())
    .addColumn('tax_rates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('price', 'text')
    .addColumn('product', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_amount_decimal', 'text')
    .execute();
  await db.schema.createIndex('invoice_items_customer').on('invoice_items').columns(['project_id', 'livemode', 'customer', 'invoice']).execute();
  await db.schema.createIndex('invoice_items_invoice').on('invoice_items').columns(['project_id', 'livemode', 'invoice']).execute();

  await objectTable('invoices')
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('collection_method', 'text', (c) => c.notNull())
    .addColumn('days_until_due', 'integer')
    .addColumn('due_date', 'bigint')
    .addColumn('auto_advance', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_payment_method', 'text')
    .addColumn('default_tax_rates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('discounts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('starting_balance', 'bigint')
    .addColumn('amount_paid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_out_of_band', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finalized_at', 'bigint')
    .addColumn('paid_at', 'bigint')
    .addColumn('voided_at', 'bigint')
    .addColumn('marked_uncollectible_at', 'bigint')
    .execute();
  await db.schema.createIndex('invoices_customer').on('invoices').columns(['project_id', 'livemode', 'customer']).execute();
  // A number names one invoice per project and mode, whatever races assign it.
  await db.schema
    .createIndex('invoices_number')
    .unique()
    .on('invoices')
    .columns(['project_id', 'livemode', 'number'])
    .where(sql.ref('number'), 'is not', sql.lit(null))
    .execute();

  // The last invoice number given per project and mode: bumped in one statement, never reused.
  await db.schema
    .createTable('invoice_number_counters')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_number_counters_pk', ['project_id', 'livemode'])
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('invoice', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decline_code', 'text')
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_invoice').on('payments').columns(['project_id', 'livemode', 'invoice']).execute();
  // At most one succeeded payment per invoice: a second charge cannot commit, whatever races.
  await db.schema
    .createIndex('payments_one_success')
    .unique()
    .on('payments')
    .columns(['project_id', 'livemode', 'invoice'])
    .where(sql.ref('status'), '=', sql.lit('succeeded'))
    .execute();
}
