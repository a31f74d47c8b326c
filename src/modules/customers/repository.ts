import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { paginate, whereRange } from '../../db/paginate.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type CustomerRow = Selectable<CustomersTable>;

export async function insertCustomer(db: Db, row: Insertable<CustomersTable>): Promise<CustomerRow> {
  return db.insertInto('customers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findCustomer(db: Db, scope: Scope, id: string): Promise<CustomerRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .selectFrom('customers')
    .selectAll()
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateCustomerRow(db: Db, scope: Scope, id: string, patch: Updateable<CustomersTable>): Promise<CustomerRow> {
  const s = scopeColumns(scope);
  return db
    .updateTable('customers')
    .set(patch)
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listCustomerRows(db: Db, scope: Scope, page: Page, filter: { email?: string | undefined; created?: RangeParam | undefined }) {
  return paginate(db, 'customers', scope, page, 'customer', (qb) => {
    let q = whereRange(qb, 'created', filter.created).where('deleted_at', 'is', null);
    if (filter.email !== undefined) q = q.where('email', '=', filter.email);
    return q;
  });
}
