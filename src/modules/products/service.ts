import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata, paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { toJson } from '../../kit/json.ts';
import { recordEvent } from '../events/service.ts';
import { createPriceOf, hasPrices, requireDefaultPriceOf } from '../prices/service.ts';
import { toProductObject, type ProductObject } from './object.ts';
import { deleteProductRow, findProduct, insertProduct, listProductRows, searchProductRows, updateProductRow, type ProductFilter, type ProductRow } from './repository.ts';
import type { CreateProductParams, UpdateProductParams } from './schemas.ts';
import { foundOf, type SearchRequest } from '../../search/page.ts';

type DeletedProduct = { id: string; object: 'product'; deleted: true };

const flag = (value: boolean | undefined | null) => (value == null ? null : value ? 1 : 0);

/** A product of the caller's scope, or Stripe's 404 naming `param`. */
export async function requireProduct(ctx: Ctx, id: string, param = 'product'): Promise<ProductRow> {
  const row = await findProduct(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('product', id, param);
  return row;
}

/**
 * Creates a product, and its default price from `default_price_data`. `at` names where
 * the product's parameters sit in the request (`product_data` when a price creates it).
 */
export async function createProduct(ctx: Ctx, p: CreateProductParams, at: readonly string[] = []): Promise<ProductObject> {
  const now = ctx.clock.now();
  // The price id is chosen first so product.created already shows its default price.
  const defaultPrice = p.default_price_data ? newId('price') : null;
  const row = await insertProduct(ctx.db, {
    id: p.id ?? newId('prod'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    updated: now,
    name: p.name,
    active: p.active === false ? 0 : 1,
    description: p.description ?? null,
    default_price: defaultPrice,
    images: JSON.stringify(p.images ?? []),
    marketing_features: JSON.stringify(p.marketing_features ?? []),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
    unit_label: p.unit_label ?? null,
    url: p.url ?? null,
    statement_descriptor: p.statement_descriptor ?? null,
    tax_code: p.tax_code ?? null,
    shippable: flag(p.shippable),
    package_dimensions: toJson(p.package_dimensions),
  });
  if (!row) throw BursarError.invalid('Product already exists.', paramName([...at, 'id']), 'resource_already_exists');
  const object = toProductObject(row);
  await recordEvent(ctx, 'product.created', object);
  if (p.default_price_data && defaultPrice) {
    await createPriceOf(ctx, row.id, p.default_price_data, { id: defaultPrice, at: ['default_price_data'] });
  }
  return object;
}

export async function retrieveProduct(ctx: Ctx, id: string): Promise<ProductObject> {
  return toProductObject(await requireProduct(ctx, id, 'id'));
}

export async function updateProduct(ctx: Ctx, id: string, p: UpdateProductParams): Promise<ProductObject> {
  const row = await requireProduct(ctx, id, 'id');
  if (p.default_price) await requireDefaultPriceOf(ctx, id, p.default_price, 'default_price');
  const before = toProductObject(row);
  const updated = await updateProductRow(ctx.db, ctx.scope, id, {
    updated: ctx.clock.now(),
    ...(p.name !== undefined && { name: p.name }),
    ...(p.active !== undefined && { active: flag(p.active)! }),
    ...(p.default_price !== undefined && { default_price: p.default_price }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.images !== undefined && { images: JSON.stringify(p.images ?? []) }),
    ...(p.marketing_features !== undefined && { marketing_features: JSON.stringify(p.marketing_features ?? []) }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    ...(p.package_dimensions !== undefined && { package_dimensions: toJson(p.package_dimensions) }),
    ...(p.shippable !== undefined && { shippable: flag(p.shippable) }),
    ...(p.statement_descriptor !== undefined && { statement_descriptor: p.statement_descriptor }),
    ...(p.tax_code !== undefined && { tax_code: p.tax_code }),
    ...(p.unit_label !== undefined && { unit_label: p.unit_label }),
    ...(p.url !== undefined && { url: p.url }),
  });
  const object = toProductObject(updated);
  await recordEvent(ctx, 'product.updated', object, before);
  return object;
}

/** Deletes as Stripe does: only a product without prices; afterwards its id is unknown. */
export async function deleteProduct(ctx: Ctx, id: string): Promise<DeletedProduct> {
  const row = await requireProduct(ctx, id, 'id');
  if (await hasPrices(ctx, id)) {
    throw BursarError.invalid('This product cannot be deleted because it has one or more user-created prices.');
  }
  await deleteProductRow(ctx.db, ctx.scope, id);
  await recordEvent(ctx, 'product.deleted', toProductObject(row));
  return { id, object: 'product', deleted: true };
}

export async function listProducts(ctx: Ctx, page: Page, filter: ProductFilter) {
  const { rows, hasMore } = await listProductRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/products', rows.map(toProductObject), hasMore);
}

export async function searchProducts(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchProductRows(ctx.db, ctx.scope, request), toProductObject);
}
