import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { paginate, whereRange } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';
import { jsonMember } from '../../db/engine.ts';

export type CustomerRow = Row<'customers'>;

export const insertCustomer = (db: Db, row: Insertable<CustomersTable>) => insertRow(db, 'customers', row);

export const findCustomer = (db: Db, scope: Scope, id: string) => findScoped(db, 'customers', scope, id);

export const updateCustomerRow = (db: Db, scope: Scope, id: string, patch: Updateable<CustomersTable>) =>
  updateScoped(db, 'customers', scope, id, patch);

export type CustomerFilter = { email?: string | undefined; created?: RangeParam | undefined; test_clock?: string | undefined };

export async function listCustomerRows(db: Db, scope: Scope, page: Page, filter: CustomerFilter) {
  return paginate(db, 'customers', scope, page, 'customer', (qb) => {
    let q = whereRange(qb, 'created', filter.created).where('deleted_at', 'is', null);
    if (filter.email !== undefined) q = q.where('email', '=', filter.email);
    if (filter.test_clock !== undefined) q = q.where('test_clock', '=', filter.test_clock);
    return q;
  });
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
  else qb = qb.where(jsonMember(db, 'metadata', field.replace(/^metadata\./, '')), '=', value);
  return qb.orderBy('seq').limit(2).execute();
}
