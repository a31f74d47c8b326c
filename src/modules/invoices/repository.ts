import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { InvoiceSendsTable, InvoicesTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { searchPage } from '../../db/search.ts';
import type { SearchRequest } from '../../search/page.ts';
import { deleteScoped, findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type InvoiceRow = Row<'invoices'>;

export const insertInvoice = (db: Db, row: Insertable<InvoicesTable>) => insertRow(db, 'invoices', row);

export const findInvoice = (db: Db, scope: Scope, id: string) => findScoped(db, 'invoices', scope, id);

export const updateInvoiceRow = (db: Db, scope: Scope, id: string, patch: Updateable<InvoicesTable>) => updateScoped(db, 'invoices', scope, id, patch);

/**
 * Moves an invoice from one of `from` to a new status, in one statement: of two racing
 * requests only one finds it still in `from`; the other gets undefined.
 */
export async function transitionInvoice(
  db: Db,
  scope: Scope,
  id: string,
  from: readonly string[],
  patch: Updateable<InvoicesTable>,
  options: { countAttempt?: boolean } = {},
): Promise<InvoiceRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .updateTable('invoices')
    .set(patch)
    .$if(options.countAttempt === true, (qb) => qb.set((eb) => ({ attempt_count: eb('attempt_count', '+', 1) })))
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Adds what a credit note takes off an invoice before and after payment (negative when it
 * is voided), in one statement: racing credit notes of one invoice wait on its row.
 */
export async function addCreditNoteAmounts(db: Db, scope: Scope, id: string, pre: number, post: number): Promise<InvoiceRow> {
  const s = scopeColumns(scope);
  return db
    .updateTable('invoices')
    .set((eb) => ({
      pre_payment_credit_notes_amount: eb('pre_payment_credit_notes_amount', '+', pre),
      post_payment_credit_notes_amount: eb('post_payment_credit_notes_amount', '+', post),
    }))
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const deleteInvoiceRow = (db: Db, scope: Scope, id: string) => deleteScoped(db, 'invoices', scope, id);

/**
 * The next invoice number of a project and mode. One upsert bumps and returns the
 * counter: the row lock (PostgreSQL) or the single writer (SQLite) orders racing
 * finalizations, so no two get the same number and none is given twice.
 */
export async function nextInvoiceNumber(db: Db, scope: Scope): Promise<number> {
  const s = scopeColumns(scope);
  const row = await db
    .insertInto('invoice_number_counters')
    .values({ ...s, last_number: 1 })
    .onConflict((oc) => oc.columns(['project_id', 'livemode']).doUpdateSet((eb) => ({ last_number: eb('invoice_number_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export interface InvoiceFilter {
  created?: RangeParam | undefined;
  customer?: string | undefined;
  status?: string | undefined;
  collectionMethod?: string | undefined;
  subscription?: string | undefined;
}

export async function listInvoiceRows(db: Db, scope: Scope, page: Page, filter: InvoiceFilter) {
  return paginate(db, 'invoices', scope, page, 'invoice', (qb) => {
    let q = qb;
    if (filter.customer !== undefined) q = q.where('customer', '=', filter.customer);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.collectionMethod !== undefined) q = q.where('collection_method', '=', filter.collectionMethod);
    if (filter.subscription !== undefined) q = q.where('subscription', '=', filter.subscription);
    return q;
  }, { created: filter.created });
}

/** The invoice a public link points to, in whichever project and mode it is. */
export async function findInvoiceByLinkHash(db: Db, linkHash: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('link_hash', '=', linkHash).executeTakeFirst() as Promise<InvoiceRow | undefined>;
}

/** How many of a subscription's invoices carry the discount `di_…` (a `once` coupon stops after the first). */
export async function countInvoicesWithDiscount(db: Db, scope: Scope, subscription: string, discountId: string): Promise<number> {
  const s = scopeColumns(scope);
  const row = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('subscription', '=', subscription)
    .where('discounts', 'like', `%"${discountId}"%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the customer has paid an invoice with money (a $0 trial invoice is no transaction): first_time_transaction codes refuse them. */
export async function customerHasPaid(db: Db, scope: Scope, customer: string): Promise<boolean> {
  const s = scopeColumns(scope);
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('customer', '=', customer)
    .where('status', '=', 'paid')
    .where('amount_paid', '>', 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a send of an invoice for the email sender to deliver. */
export async function insertInvoiceSend(db: Db, row: Insertable<InvoiceSendsTable>): Promise<void> {
  await db.insertInto('invoice_sends').values(row).execute();
}

/** The sends of an invoice, oldest first: the email sender delivers those not yet delivered. */
export const invoiceSendsOf = (db: Db, scope: Scope, invoice: string) => {
  const s = scopeColumns(scope);
  return db.selectFrom('invoice_sends').selectAll().where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('invoice', '=', invoice).orderBy('requested_at', 'asc').execute();
};

/** A page of the invoices a search matches, newest first. */
export async function searchInvoiceRows(db: Db, scope: Scope, request: SearchRequest) {
  const columns = { created: 'created', currency: 'currency', customer: 'customer', metadata: 'metadata', number: 'number', status: 'status', subscription: 'subscription' };
  return searchPage(db, 'invoices', scope, request.query, columns, request);
}
