import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { PricesTable } from '../../db/schema.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { createProduct, requireProduct } from '../products/service.ts';
import { toPriceObject, type PriceObject } from './object.ts';
import { toPlanObject } from '../plans/object.ts';
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

/** A price's own fields besides its amount and period (and a plan's trial_period_days). */
type PriceInput = PriceData & Partial<Pick<CreatePriceParams, 'active' | 'lookup_key' | 'nickname' | 'transfer_lookup_key'>> & { trial_period_days?: number | undefined };

/** A price of the caller's scope, not deleted (as a plan), or Stripe's 404 naming `param`. */
export async function requirePrice(ctx: Ctx, id: string, param = 'price', resource: 'price' | 'plan' = 'price'): Promise<PriceRow> {
  const row = await findPrice(ctx.db, ctx.scope, id);
  if (!row || row.deleted_at !== null) throw BursarError.notFound(resource, id, param);
  return row;
}

/**
 * Records price.<change> and, for a recurring price, plan.<change>: a recurring price is
 * also a plan, and Stripe tells both. `before` is the price as it was, for an update.
 */
export async function recordPriceEvents(ctx: Ctx, change: 'created' | 'updated' | 'deleted', row: PriceRow, before?: PriceRow): Promise<PriceObject> {
  const object = toPriceObject(row);
  const was = before && toPriceObject(before);
  await recordEvent(ctx, `price.${change}`, object, was);
  if (row.type === 'recurring') await recordEvent(ctx, `plan.${change}`, toPlanObject(object), was && toPlanObject(was));
  return object;
}

const lookupKeyTaken = (holder: string | undefined) =>
  BursarError.invalid(holder ? `A price (\`${holder}\`) already uses that lookup key.` : 'Another price already uses that lookup key.', 'lookup_key');

/** Frees `lookupKey` for price `id`: moves it off the price holding it when `transfer`, else refuses. */
async function claimLookupKey(ctx: Ctx, lookupKey: string, transfer: boolean | undefined, id: string): Promise<void> {
  const holder = await findPriceByLookupKey(ctx.db, ctx.scope, lookupKey);
  if (!holder || holder.id === id) return;
  if (!transfer) throw lookupKeyTaken(holder.id);
  await recordPriceEvents(ctx, 'updated', await updatePriceRow(ctx.db, ctx.scope, holder.id, { lookup_key: null }), holder);
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
    recurring_trial_period_days: p.trial_period_days ?? null,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  if (!row) {
    // A plan's own id is taken, or another request took the lookup key between the check and the insert.
    if (await findPrice(ctx.db, ctx.scope, id)) throw BursarError.invalid('Plan already exists.', 'id', 'resource_already_exists');
    throw lookupKeyTaken((await findPriceByLookupKey(ctx.db, ctx.scope, p.lookup_key!))?.id);
  }
  return recordPriceEvents(ctx, 'created', row);
}

export async function createPrice(ctx: Ctx, p: CreatePriceParams): Promise<PriceObject> {
  if (p.product !== undefined && p.product_data !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: product, product_data.', 'product_data');
  }
  let productId: string;
  if (p.product !== undefined) productId = (await requireProduct(ctx, p.product, 'product')).id;
  else if (p.product_data !== undefined) productId = (await createProduct(ctx, p.product_data, ['product_data'])).id;
  else throw BursarError.invalid('Missing required param: product (or product_data to create one).', 'product', 'parameter_missing');
  return createPriceOf(ctx, productId, { ...p, trial_period_days: p.recurring?.trial_period_days });
}

export async function retrievePrice(ctx: Ctx, id: string): Promise<PriceObject> {
  return toPriceObject(await requirePrice(ctx, id, 'id'));
}

export const updatePrice = async (ctx: Ctx, id: string, p: UpdatePriceParams): Promise<PriceObject> => changePrice(ctx, await requirePrice(ctx, id, 'id'), p);

/** Updates a price (or a plan: `columns` are what only the Plans API changes, its product and trial days). */
export async function changePrice(ctx: Ctx, row: PriceRow, p: UpdatePriceParams, columns: Updateable<PricesTable> = {}): Promise<PriceObject> {
  const id = row.id;
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
    ...columns,
  };
  // An update that sets nothing (e.g. only `expand[]`) changes nothing and records nothing.
  return recordPriceEvents(ctx, 'updated', await updatePriceRow(ctx.db, ctx.scope, id, patch), row);
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
