import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PaymentMethodsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type PaymentMethodRow = Selectable<PaymentMethodsTable>;

export async function insertPaymentMethod(db: Db, row: Insertable<PaymentMethodsTable>): Promise<PaymentMethodRow> {
  return db.insertInto('payment_methods').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findPaymentMethod(db: Db, scope: Scope, id: string): Promise<PaymentMethodRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updatePaymentMethodRow(db: Db, scope: Scope, id: string, patch: Updateable<PaymentMethodsTable>): Promise<PaymentMethodRow> {
  const s = scopeColumns(scope);
  return db
    .updateTable('payment_methods')
    .set(patch)
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listPaymentMethodRows(db: Db, scope: Scope, page: Page, filter: { customer?: string | undefined }) {
  return paginate(db, 'payment_methods', scope, page, 'payment method', (qb) =>
    filter.customer === undefined ? qb : qb.where('customer', '=', filter.customer),
  );
}
