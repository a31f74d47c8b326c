import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PaymentMethodsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type PaymentMethodRow = Row<'payment_methods'>;

export const insertPaymentMethod = (db: Db, row: Insertable<PaymentMethodsTable>) => insertRow(db, 'payment_methods', row);

export const findPaymentMethod = (db: Db, scope: Scope, id: string) => findScoped(db, 'payment_methods', scope, id);

export const updatePaymentMethodRow = (db: Db, scope: Scope, id: string, patch: Updateable<PaymentMethodsTable>) =>
  updateScoped(db, 'payment_methods', scope, id, patch);

export async function listPaymentMethodRows(db: Db, scope: Scope, page: Page, filter: { customer?: string | undefined }) {
  return paginate(db, 'payment_methods', scope, page, 'payment method', (qb) =>
    filter.customer === undefined ? qb : qb.where('customer', '=', filter.customer),
  );
}
