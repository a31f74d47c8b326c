import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: the ledger of a customer's balance (`cbtxn_…`). Every change of the balance is
 * one row, so the balance is always the sum of its customer's rows. Lists are by customer,
 * optionally by invoice, newest first or within a `created` range. A balance a customer
 * already has becomes its `initial` transaction (in its currency, else usd, which the
 * customer then takes), so the ledger adds up from the start.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The object-table columns, repeated: a frozen migration shares no helper that could change.
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
  const customers = await db.selectFrom('customers').select(['id', 'project_id', 'livemode', 'created', 'balance', 'currency']).where('balance', '!=', 0).execute();
  for (const c of customers) {
    const currency = c.currency ?? 'usd';
    // 24 random base64url characters (the ids of kit/ids.ts are 24 base62 ones: this one only needs to be unique).
    const id = `cbtxn_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
    await db.insertInto(table).values({
      id, project_id: c.project_id, livemode: c.livemode, created: c.created, customer: c.id, type: 'initial',
      amount: c.balance, currency, ending_balance: c.balance, description: null, invoice: null, credit_note: null, metadata: '{}',
    }).execute();
    if (c.currency === null) await db.updateTable('customers').set({ currency }).where('id', '=', c.id).where('project_id', '=', c.project_id).where('livemode', '=', c.livemode).execute();
  }
}
