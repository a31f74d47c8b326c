import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { paginate, whereRange } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type CustomerRow = Row<'customers'>;

export const insertCustomer = (db: Db, row: Insertable<CustomersTable>) => insertRow(db, 'customers', row);

export const findCustomer = (db: Db, scope: Scope, id: string) => findScoped(db, 'customers', scope, id);

export const updateCustomerRow = (db: Db, scope: Scope, id: string, patch: Updateable<CustomersTable>) =>
  updateScoped(db, 'customers', scope, id, patch);

export async function listCustomerRows(db: Db, scope: Scope, page: Page, filter: { email?: string | undefined; created?: RangeParam | undefined }) {
  return paginate(db, 'customers', scope, page, 'customer', (qb) => {
    let q = whereRange(qb, 'created', filter.created).where('deleted_at', 'is', null);
    if (filter.email !== undefined) q = q.where('email', '=', filter.email);
    return q;
  });
}
