import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { searchPage } from '../../db/search.ts';
import type { SearchRequest } from '../../search/page.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';
import { scopeColumns, type Scope } from '../../context.ts';

export type CustomerRow = Row<'customers'>;

/** Rewrites the customer's rows of the metadata index (customer_references) from its metadata. */
async function indexReferences(db: Db, row: CustomerRow, replace: boolean): Promise<void> {
  if (replace) await db.deleteFrom('customer_references').where('customer', '=', row.id).execute();
  const entries = Object.entries(JSON.parse(row.metadata) as Record<string, string>);
  if (entries.length === 0) return;
  const { project_id, livemode } = row;
  await db.insertInto('customer_references').values(entries.map(([key, value]) => ({ project_id, livemode, key, value, customer: row.id }))).execute();
}

// Callers write customers inside one transaction, so a customer and its index rows commit together.
export async function insertCustomer(db: Db, row: Insertable<CustomersTable>): Promise<CustomerRow> {
  const inserted = await insertRow(db, 'customers', row);
  await indexReferences(db, inserted, false);
  return inserted;
}

export const findCustomer = (db: Db, scope: Scope, id: string) => findScoped(db, 'customers', scope, id);

export async function updateCustomerRow(db: Db, scope: Scope, id: string, patch: Updateable<CustomersTable>): Promise<CustomerRow> {
  const updated = await updateScoped(db, 'customers', scope, id, patch);
  if (patch.metadata !== undefined) await indexReferences(db, updated, true);
  return updated;
}

/**
 * Adds `amount` to a customer's balance in one statement, so racing changes add up, and
 * gives the customer `currency` when it has none yet.
 */
export async function addToCustomerBalance(db: Db, scope: Scope, id: string, amount: number, currency: string): Promise<CustomerRow> {
  const s = scopeColumns(scope);
  return db
    .updateTable('customers')
    .set((eb) => ({ balance: eb('balance', '+', amount), currency: eb.fn.coalesce('currency', eb.val(currency)) }))
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Gives a customer its currency (its first invoice's) when it has none yet, as Stripe does. */
export async function setCustomerCurrency(db: Db, scope: Scope, id: string, currency: string): Promise<void> {
  const s = scopeColumns(scope);
  await db.updateTable('customers').set({ currency }).where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('id', '=', id).where('currency', 'is', null).execute();
}

export type CustomerFilter = { email?: string | undefined; created?: RangeParam | undefined; test_clock?: string | undefined };

export async function listCustomerRows(db: Db, scope: Scope, page: Page, filter: CustomerFilter) {
  return paginate(db, 'customers', scope, page, 'customer', (qb) => {
    let q = qb.where('deleted_at', 'is', null);
    if (filter.email !== undefined) q = q.where('email', '=', filter.email);
    if (filter.test_clock !== undefined) q = q.where('test_clock', '=', filter.test_clock);
    return q;
  }, { created: filter.created });
}

export async function customerIdsOnClock(db: Db, scope: Scope, testClock: string): Promise<string[]> {
  const rows = await selectScoped(db, 'customers', scope).select('id').where('test_clock', '=', testClock).where('deleted_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/**
 * Live customers whose `field` (`id`, `email` or `metadata.<key>`) equals `value`, oldest first.
 * Bounded: a caller is resolved only when one customer matches.
 */
export async function customersByReference(db: Db, scope: Scope, field: string, value: string): Promise<CustomerRow[]> {
  let qb = selectScoped(db, 'customers', scope).where('deleted_at', 'is', null);
  if (field === 'id') qb = qb.where('id', '=', value);
  else if (field === 'email') qb = qb.where('email', '=', value);
  else {
    const { project_id, livemode } = scopeColumns(scope);
    const key = field.replace(/^metadata\./, '');
    const named = db.selectFrom('customer_references').select('customer').where('project_id', '=', project_id).where('livemode', '=', livemode).where('key', '=', key).where('value', '=', value);
    qb = qb.where('id', 'in', named);
  }
  return qb.orderBy('seq').limit(2).execute();
}

/** A page of the live customers a search matches, newest first. */
export async function searchCustomerRows(db: Db, scope: Scope, request: SearchRequest) {
  const columns = { created: 'created', email: 'email', metadata: 'metadata', name: 'name', phone: 'phone' };
  return searchPage(db, 'customers', scope, request.query, columns, { ...request, filter: (qb) => qb.where('deleted_at', 'is', null) });
}
