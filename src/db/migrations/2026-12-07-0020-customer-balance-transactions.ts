import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: the ledger of a customer's balance (`cbtxn_…`). Every change of the balance is
 * one row, so the balance is always the sum of its customer's rows. Lists are by customer,
 * optionally by invoice, newest first or within a `created` range.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withSeq(db, db.schema.createTable('customer_balance_transactions'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('ending_balance', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('invoice', 'text')
    .addColumn('credit_note', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('customer_balance_transactions_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  const table = 'customer_balance_transactions';
  for (const [name, columns] of [['by_customer', ['customer']], ['by_invoice', ['customer', 'invoice']]] as const) {
    await db.schema.createIndex(`${table}_list_${name}`).on(table).columns(['project_id', 'livemode', ...columns, 'seq']).execute();
    await db.schema.createIndex(`${table}_list_${name}_created`).on(table).columns(['project_id', 'livemode', ...columns, 'created', 'seq']).execute();
  }
}
