import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaxIdsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { deleteScoped, findScoped, insertRow, selectScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type TaxIdRow = Row<'tax_ids'>;

export const insertTaxId = (db: Db, row: Insertable<TaxIdsTable>) => insertRow(db, 'tax_ids', row);

export const findTaxId = (db: Db, scope: Scope, id: string) => findScoped(db, 'tax_ids', scope, id);

export const deleteTaxIdRow = (db: Db, scope: Scope, id: string) => deleteScoped(db, 'tax_ids', scope, id);

export const listTaxIdRows = (db: Db, scope: Scope, customer: string, page: Page) =>
  paginate(db, 'tax_ids', scope, page, 'tax_id', (qb) => qb.where('customer', '=', customer));

/** Every tax ID of a customer, oldest first (invoices show them in the order they were added). */
export const taxIdsOfCustomer = (db: Db, scope: Scope, customer: string) =>
  selectScoped(db, 'tax_ids', scope).where('customer', '=', customer).orderBy('seq', 'asc').execute();
