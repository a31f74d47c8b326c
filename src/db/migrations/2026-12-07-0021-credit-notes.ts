import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: credit notes (`cn_…`) and their lines (`cnli_…`), and what an invoice's credit
 * notes took off before payment (its amount due) and after it. Money is integer minor
 * units; taxes and discounts of a line are JSON text. A credit note's public PDF link is
 * looked up by its token's SHA-256 (`link_hash`), like an invoice's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoices').addColumn('pre_payment_credit_notes_amount', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('invoices').addColumn('post_payment_credit_notes_amount', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

  // The object-table columns, repeated: a frozen migration shares no helper that could change.
  await withSeq(db, db.schema.createTable('credit_notes'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('invoice', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('taxes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('pre_payment_amount', 'bigint', (c) => c.notNull())
    .addColumn('post_payment_amount', 'bigint', (c) => c.notNull())
    .addColumn('credit_amount', 'bigint', (c) => c.notNull())
    .addColumn('out_of_band_amount', 'bigint', (c) => c.notNull())
    .addColumn('refund_amount', 'bigint', (c) => c.notNull())
    .addColumn('customer_balance_transaction', 'text')
    .addColumn('reason', 'text')
    .addColumn('memo', 'text')
    .addColumn('effective_at', 'bigint')
    .addColumn('voided_at', 'bigint')
    .addColumn('link_hash', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('credit_notes_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  // A number names one credit note per project and mode; racing creations are ordered by the invoice row they update first.
  await db.schema.createIndex('credit_notes_number').unique().on('credit_notes').columns(['project_id', 'livemode', 'number']).execute();
  await db.schema.createIndex('credit_notes_link_hash').unique().on('credit_notes').column('link_hash').execute();
  for (const columns of [[], ['customer'], ['invoice']]) {
    const name = columns.length ? `credit_notes_list_by_${columns[0]}` : 'credit_notes_list';
    await db.schema.createIndex(name).on('credit_notes').columns(['project_id', 'livemode', ...columns, 'seq']).execute();
    await db.schema.createIndex(`${name}_created`).on('credit_notes').columns(['project_id', 'livemode', ...columns, 'created', 'seq']).execute();
  }

  await withSeq(db, db.schema.createTable('credit_note_lines'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('credit_note', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('invoice_line_item', 'text')
    .addColumn('description', 'text')
    .addColumn('quantity', 'bigint')
    .addColumn('unit_amount', 'bigint')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('taxes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('credit_note_lines_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  await db.schema.createIndex('credit_note_lines_of_note').on('credit_note_lines').columns(['project_id', 'livemode', 'credit_note', 'seq']).execute();
}
