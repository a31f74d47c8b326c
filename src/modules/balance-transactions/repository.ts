import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CustomerBalanceTransactionsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type BalanceTransactionRow = Row<'customer_balance_transactions'>;

const TABLE = 'customer_balance_transactions';

export const insertBalanceTransaction = (db: Db, row: Insertable<CustomerBalanceTransactionsTable>) => insertRow(db, TABLE, row);

export const findBalanceTransaction = (db: Db, scope: Scope, id: string) => findScoped(db, TABLE, scope, id);

export const updateBalanceTransactionRow = (db: Db, scope: Scope, id: string, patch: Updateable<CustomerBalanceTransactionsTable>) =>
  updateScoped(db, TABLE, scope, id, patch);

export interface BalanceTransactionFilter {
  created?: RangeParam | undefined;
  invoice?: string | undefined;
}

export const listBalanceTransactionRows = (db: Db, scope: Scope, customer: string, page: Page, filter: BalanceTransactionFilter) =>
  paginate(db, TABLE, scope, page, 'customer balance transaction', (qb) => {
    const q = qb.where('customer', '=', customer);
    return filter.invoice === undefined ? q : q.where('invoice', '=', filter.invoice);
  }, { created: filter.created });
