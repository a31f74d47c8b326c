import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { searchPage } from '../../db/search.ts';
import type { SearchRequest } from '../../search/page.ts';
import { findScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type ProductRow = Row<'products'>;

/** Inserts a product; undefined when its (custom) id is already taken in this scope. */
export async function insertProduct(db: Db, row: Insertable<ProductsTable>): Promise<ProductRow | undefined> {
  return db
    .insertInto('products')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'livemode', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export const findProduct = (db: Db, scope: Scope, id: string) => findScoped(db, 'products', scope, id);

export const updateProductRow = (db: Db, scope: Scope, id: string, patch: Updateable<ProductsTable>) =>
  updateScoped(db, 'products', scope, id, patch);

export async function deleteProductRow(db: Db, scope: Scope, id: string): Promise<void> {
  const s = scopeColumns(scope);
  await db
    .deleteFrom('products')
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .execute();
}

export interface ProductFilter {
  active?: boolean | undefined;
  created?: RangeParam | undefined;
  ids?: string[] | undefined;
  shippable?: boolean | undefined;
  url?: string | undefined;
}

export async function listProductRows(db: Db, scope: Scope, page: Page, filter: ProductFilter) {
  return paginate(db, 'products', scope, page, 'product', (qb) => {
    let q = qb;
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.shippable !== undefined) q = q.where('shippable', '=', filter.shippable ? 1 : 0);
    if (filter.url !== undefined) q = q.where('url', '=', filter.url);
    return q;
  }, { created: filter.created, oneOf: filter.ids && { column: 'id', values: filter.ids, unique: true } });
}

/** A page of the products a search matches, newest first. */
export async function searchProductRows(db: Db, scope: Scope, request: SearchRequest) {
  const columns = { active: 'active', description: 'description', metadata: 'metadata', name: 'name', shippable: 'shippable', url: 'url' };
  return searchPage(db, 'products', scope, request.query, columns, request);
}
