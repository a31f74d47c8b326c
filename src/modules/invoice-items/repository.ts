import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { InvoiceItemsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type InvoiceItemRow = Row<'invoice_items'>;

export const insertInvoiceItem = (db: Db, row: Insertable<InvoiceItemsTable>) => insertRow(db, 'invoice_items', row);

export const findInvoiceItem = (db: Db, scope: Scope, id: string) => findScoped(db, 'invoice_items', scope, id);

export const updateInvoiceItemRow = (db: Db, scope: Scope, id: string, patch: Updateable<InvoiceItemsTable>) =>
  updateScoped(db, 'invoice_items', scope, id, patch);

export async function deleteInvoiceItemRow(db: Db, scope: Scope, id: string): Promise<void> {
  const s = scopeColumns(scope);
  await db.deleteFrom('invoice_items').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('id', '=', id).execute();
}

/** The items on an invoice, in the order they were created (its lines' order). */
export const invoiceItemsOn = (db: Db, scope: Scope, invoice: string) =>
  selectScoped(db, 'invoice_items', scope).where('invoice', '=', invoice).orderBy('seq', 'asc').execute();

/**
 * Whose pending items a draft takes: a customer's in one currency (with `unattached`, only
 * those of no subscription), or a subscription's (its prorations).
 */
export type PendingItemsOf = { customer: string; currency: string; unattached?: boolean } | { subscription: string };

/**
 * Moves pending items onto a draft invoice, in one statement so an item lands on one
 * invoice only even when two drafts are created at once.
 */
export async function claimPendingItems(db: Db, scope: Scope, of: PendingItemsOf, invoice: string): Promise<void> {
  const s = scopeColumns(scope);
  let q = db.updateTable('invoice_items').set({ invoice }).where('project_id', '=', s.project_id).where('livemode', '=', s.livemode);
  q = 'subscription' in of ? q.where('subscription', '=', of.subscription) : q.where('customer', '=', of.customer).where('currency', '=', of.currency);
  if ('unattached' in of && of.unattached) q = q.where('subscription', 'is', null);
  await q.where('invoice', 'is', null).execute();
}

/** The currency of a customer's oldest pending item, if any. */
export async function firstPendingCurrency(db: Db, scope: Scope, customer: string): Promise<string | undefined> {
  const row = await selectScoped(db, 'invoice_items', scope)
    .where('customer', '=', customer)
    .where('invoice', 'is', null)
    .orderBy('seq', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row?.currency;
}

/**
 * Moves one pending item onto an invoice, in one statement: of two requests adding the same
 * item only one finds it still pending; the other gets undefined.
 */
export async function assignPendingItem(db: Db, scope: Scope, id: string, invoice: string): Promise<InvoiceItemRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .updateTable('invoice_items')
    .set({ invoice })
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .where('invoice', 'is', null)
    .returningAll()
    .executeTakeFirst() as Promise<InvoiceItemRow | undefined>;
}

/** Returns a deleted draft's items to pending, so the next invoice picks them up. */
export async function releaseInvoiceItems(db: Db, scope: Scope, invoice: string): Promise<void> {
  const s = scopeColumns(scope);
  await db
    .updateTable('invoice_items')
    .set({ invoice: null })
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('invoice', '=', invoice)
    .execute();
}

export interface InvoiceItemFilter {
  created?: RangeParam | undefined;
  customer?: string | undefined;
  invoice?: string | undefined;
  pending?: boolean | undefined;
}

export async function listInvoiceItemRows(db: Db, scope: Scope, page: Page, filter: InvoiceItemFilter) {
  return paginate(db, 'invoice_items', scope, page, 'invoiceitem', (qb) => {
    let q = qb;
    if (filter.customer !== undefined) q = q.where('customer', '=', filter.customer);
    if (filter.invoice !== undefined) q = q.where('invoice', '=', filter.invoice);
    if (filter.pending === true) q = q.where('invoice', 'is', null);
    if (filter.pending === false) q = q.where('invoice', 'is not', null);
    return q;
  }, { created: filter.created });
}


/** Whether a subscription has pending items (prorations) its next invoice would bill. */
export async function hasPendingSubscriptionItems(db: Db, scope: Scope, subscription: string): Promise<boolean> {
  const row = await selectScoped(db, 'invoice_items', scope).where('subscription', '=', subscription).where('invoice', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A customer's pending items in `currency`, oldest first: what its next invoice would take. */
export const pendingItemsOf = (db: Db, scope: Scope, customer: string, currency: string) =>
  selectScoped(db, 'invoice_items', scope).where('customer', '=', customer).where('currency', '=', currency).where('invoice', 'is', null).orderBy('seq', 'asc').execute();
