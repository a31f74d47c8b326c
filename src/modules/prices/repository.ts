import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PricesTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { searchPage } from '../../db/search.ts';
import type { SearchRequest } from '../../search/page.ts';
import { findScoped, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type PriceRow = Row<'prices'>;

/**
 * Inserts a price; undefined when a concurrent request took its lookup key or its id (a
 * plan's own) first: the unique indexes decide, so the caller can answer with a 400, not a 500.
 */
export async function insertPrice(db: Db, row: Insertable<PricesTable>): Promise<PriceRow | undefined> {
  return db
    .insertInto('prices')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export const findPrice = (db: Db, scope: Scope, id: string) => findScoped(db, 'prices', scope, id);

export const findPriceByLookupKey = (db: Db, scope: Scope, lookupKey: string) =>
  selectScoped(db, 'prices', scope).where('lookup_key', '=', lookupKey).executeTakeFirst();

export async function productHasPrices(db: Db, scope: Scope, product: string): Promise<boolean> {
  const row = await selectScoped(db, 'prices', scope).where('product', '=', product).limit(1).executeTakeFirst();
  return row !== undefined;
}

export const updatePriceRow = (db: Db, scope: Scope, id: string, patch: Updateable<PricesTable>) =>
  updateScoped(db, 'prices', scope, id, patch);

export interface PriceFilter {
  active?: boolean | undefined;
  created?: RangeParam | undefined;
  currency?: string | undefined;
  lookupKeys?: string[] | undefined;
  product?: string | undefined;
  interval?: string | undefined;
  type?: string | undefined;
}

/** Lists the prices (or plans) that were not deleted. */
export async function listPriceRows(db: Db, scope: Scope, page: Page, filter: PriceFilter) {
  return paginate(db, 'prices', scope, page, 'price', (qb) => {
    let q = qb.where('deleted_at', 'is', null);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.currency !== undefined) q = q.where('currency', '=', filter.currency);
    if (filter.product !== undefined) q = q.where('product', '=', filter.product);
    if (filter.interval !== undefined) q = q.where('recurring_interval', '=', filter.interval);
    if (filter.type !== undefined) q = q.where('type', '=', filter.type);
    return q;
  }, { created: filter.created, oneOf: filter.lookupKeys && { column: 'lookup_key', values: filter.lookupKeys, unique: true } });
}

/** A page of the prices a search matches, newest first. */
export async function searchPriceRows(db: Db, scope: Scope, request: SearchRequest) {
  const columns = { active: 'active', currency: 'currency', lookup_key: 'lookup_key', metadata: 'metadata', product: 'product', type: 'type' };
  return searchPage(db, 'prices', scope, request.query, columns, request);
}
