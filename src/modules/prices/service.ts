import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { createProduct, requireProduct } from '../products/service.ts';
import { toPriceObject, type PriceObject } from './object.ts';
import { priceColumns, type PriceData } from './price-data.ts';
import {
  findPrice,
  findPriceByLookupKey,
  insertPrice,
  listPriceRows,
  productHasPrices,
  searchPriceRows,
  updatePriceRow,
  type PriceFilter,
  type PriceRow,
} from './repository.ts';
import type { CreatePriceParams, UpdatePriceParams } from './schemas.ts';
import { foundOf, type SearchRequest } from '../../search/page.ts';

/** A price's own fields besides its amount and period. */
type PriceInput = PriceData & Partial<Pick<CreatePriceParams, 'active' | 'lookup_key' | 'nickname' | 'transfer_lookup_key'>>;

/** A price of the caller's scope, or Stripe's 404 naming `param`. */
export async function requirePrice(ctx: Ctx, id: string, param = 'price'): Promise<PriceRow> {
  const row = await findPrice(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('price', id, param);
  return row;
}

const lookupKeyTaken = (holder: string | undefined) =>
  BursarError.invalid(holder ? `A price (\`${holder}\`) already uses that lookup key.` : 'Another price already uses that lookup key.', 'lookup_key');

/** Frees `lookupKey` for price `id`: moves it off the price holding it when `transfer`, else refuses. */
async function claimLookupKey(ctx: Ctx, lookupKey: string, transfer: boolean | undefined, id: string): Promise<void> {
  const holder = await findPriceByLookupKey(ctx.db, ctx.scope, lookupKey);
  if (!holder || holder.id === id) return;
  if (!transfer) throw lookupKeyTaken(holder.id);
  const moved = await updatePriceRow(ctx.db, ctx.scope, holder.id, { lookup_key: null });
  await recordEvent(ctx, 'price.updated', toPriceObject(moved), toPriceObject(holder));
}

/**
 * Creates a price of an existing product. `at` names where the price's parameters sit
 * in the request (`default_price_data` when a product creates it).
 */
export async function createPriceOf(ctx: Ctx, productId: string, p: PriceInput, options: { id?: string; at?: string[] } = {}): Promise<PriceObject> {
  const columns = priceColumns(p, options.at);
  const id = options.id ?? newId('price');
  if (p.lookup_key !== undefined) await claimLookupKey(ctx, p.lookup_key, p.transfer_lookup_key, id);
  const row = await insertPrice(ctx.db, {
    id,
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    product: productId,
    active: p.active === false ? 0 : 1,
    ...columns,
    lookup_key: p.lookup_key ?? null,
    nickname: p.nickname ?? null,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  // Another request took the lookup key between the check and the insert.
  if (!row) throw lookupKeyTaken((await findPriceByLookupKey(ctx.db, ctx.scope, p.lookup_key!))?.id);
  const object = toPriceObject(row);
  await recordEvent(ctx, 'price.created', object);
  return object;
}

export async function createPrice(ctx: Ctx, p: CreatePriceParams): Promise<PriceObject> {
  if (p.product !== undefined && p.product_data !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: product, product_data.', 'product_data');
  }
  let productId: string;
  if (p.product !== undefined) productId = (await requireProduct(ctx, p.product, 'product')).id;
  else if (p.product_data !== undefined) productId = (await createProduct(ctx, p.product_data, ['product_data'])).id;
  else throw BursarError.invalid('Missing required param: product (or product_data to create one).', 'product', 'parameter_missing');
  return createPriceOf(ctx, productId, p);
}

export async function retrievePrice(ctx: Ctx, id: string): Promise<PriceObject> {
  return toPriceObject(await requirePrice(ctx, id, 'id'));
}

export async function updatePrice(ctx: Ctx, id: string, p: UpdatePriceParams): Promise<PriceObject> {
  const row = await requirePrice(ctx, id, 'id');
  if (p.active === false && row.active === 1 && (await requireProduct(ctx, row.product)).default_price === id) {
    throw BursarError.invalid('This price cannot be archived because it is the default price of its product.', 'active');
  }
  if (p.tax_behavior !== undefined && row.tax_behavior !== 'unspecified' && p.tax_behavior !== row.tax_behavior) {
    throw BursarError.invalid(
      `This price's tax_behavior is already ${row.tax_behavior}; once inclusive or exclusive it cannot change. Create a new price instead.`,
      'tax_behavior',
    );
  }
  if (p.lookup_key) await claimLookupKey(ctx, p.lookup_key, p.transfer_lookup_key, id);
  const before = toPriceObject(row);
  const patch = {
    ...(p.active !== undefined && { active: p.active ? 1 : 0 }),
    ...(p.lookup_key !== undefined && { lookup_key: p.lookup_key }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    ...(p.nickname !== undefined && { nickname: p.nickname }),
    ...(p.tax_behavior !== undefined && { tax_behavior: p.tax_behavior }),
  };
  // An update that sets nothing (e.g. only `expand[]`) changes nothing and records nothing.
  const object = toPriceObject(await updatePriceRow(ctx.db, ctx.scope, id, patch));
  await recordEvent(ctx, 'price.updated', object, before);
  return object;
}

export async function listPrices(ctx: Ctx, page: Page, filter: PriceFilter) {
  if (filter.product !== undefined) await requireProduct(ctx, filter.product, 'product');
  const { rows, hasMore } = await listPriceRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/prices', rows.map(toPriceObject), hasMore);
}

export async function hasPrices(ctx: Ctx, productId: string): Promise<boolean> {
  return productHasPrices(ctx.db, ctx.scope, productId);
}

/** A price that can be `productId`'s default: one of its own, and active. */
export async function requireDefaultPriceOf(ctx: Ctx, productId: string, priceId: string, param: string): Promise<PriceRow> {
  const price = await requirePrice(ctx, priceId, param);
  if (price.product !== productId) {
    throw BursarError.invalid(`The price ${priceId} belongs to another product; a product's default price must be one of its own prices.`, param);
  }
  if (price.active !== 1) {
    throw BursarError.invalid(`The price ${priceId} is archived (active=false); a product's default price must be active.`, param);
  }
  return price;
}

export async function searchPrices(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchPriceRows(ctx.db, ctx.scope, request), toPriceObject);
}
