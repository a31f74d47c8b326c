import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaxRatesTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type TaxRateRow = Row<'tax_rates'>;

export const insertTaxRate = (db: Db, row: Insertable<TaxRatesTable>) => insertRow(db, 'tax_rates', row);

export const findTaxRate = (db: Db, scope: Scope, id: string) => findScoped(db, 'tax_rates', scope, id);

export const updateTaxRateRow = (db: Db, scope: Scope, id: string, patch: Updateable<TaxRatesTable>) =>
  updateScoped(db, 'tax_rates', scope, id, patch);

export interface TaxRateFilter {
  active?: boolean | undefined;
  inclusive?: boolean | undefined;
  created?: RangeParam | undefined;
}

export async function listTaxRateRows(db: Db, scope: Scope, page: Page, filter: TaxRateFilter) {
  return paginate(db, 'tax_rates', scope, page, 'tax_rate', (qb) => {
    let q = qb;
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.inclusive !== undefined) q = q.where('inclusive', '=', filter.inclusive ? 1 : 0);
    return q;
  }, { created: filter.created });
}
