import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PaymentMethodsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
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

/** The method a processor knows by `ref`, if saved (each processor's refs are its own ids). */
export async function findProcessorMethod(db: Db, scope: Scope, processor: string, ref: string): Promise<PaymentMethodRow | undefined> {
  return selectScoped(db, 'payment_methods', scope).where('processor', '=', processor).where('gateway_card', '=', ref).executeTakeFirst();
}
