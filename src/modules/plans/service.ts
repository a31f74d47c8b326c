import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { toPriceObject } from '../prices/object.ts';
import { intervalCountTooLong } from '../prices/price-data.ts';
import { listPriceRows, updatePriceRow, type PriceFilter, type PriceRow } from '../prices/repository.ts';
import { changePrice, createPriceOf, recordPriceEvents, requirePrice } from '../prices/service.ts';
import { createProduct, requireProduct } from '../products/service.ts';
import { priceInUse } from '../subscriptions/repository.ts';
import { toPlanObject, type PlanObject } from './object.ts';
import type { CreatePlanParams, UpdatePlanParams } from './schemas.ts';

// A plan is a recurring price, shown in the older shape: one row, either id, either API.

const asPlan = (row: PriceRow): PlanObject => toPlanObject(toPriceObject(row));

/** A recurring price, not deleted, or Stripe's 404 for a plan. */
async function requirePlan(ctx: Ctx, id: string): Promise<PriceRow> {
  const row = await requirePrice(ctx, id, 'id', 'plan');
  if (row.type !== 'recurring') throw BursarError.notFound('plan', id);
  return row;
}

/** The plan's product: an existing one by id, or a new one from its fields. */
async function productOf(ctx: Ctx, product: CreatePlanParams['product']): Promise<string> {
  if (product === undefined) throw BursarError.invalid('Missing required param: product.', 'product', 'parameter_missing');
  if (typeof product === 'string') return (await requireProduct(ctx, product, 'product')).id;
  const { tax_details: _unsupported, ...fields } = product;
  return (await createProduct(ctx, fields, ['product'])).id;
}

/** Creates a plan: a recurring price of `amount` (or `amount_decimal`) per `interval_count` × `interval`. */
export async function createPlan(ctx: Ctx, p: CreatePlanParams): Promise<PlanObject> {
  const tooLong = intervalCountTooLong(p);
  if (tooLong) throw BursarError.invalid(tooLong, 'interval_count');
  if (p.amount !== undefined && p.amount_decimal !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: amount, amount_decimal.', 'amount_decimal');
  }
  if (p.amount === undefined && p.amount_decimal === undefined) throw BursarError.invalid('Missing required param: amount.', 'amount', 'parameter_missing');
  const product = await productOf(ctx, p.product);
  const price = await createPriceOf(
    ctx,
    product,
    {
      currency: p.currency,
      unit_amount: p.amount,
      unit_amount_decimal: p.amount_decimal,
      recurring: { interval: p.interval, interval_count: p.interval_count },
      active: p.active,
      metadata: p.metadata,
      nickname: p.nickname,
      trial_period_days: p.trial_period_days,
    },
    { id: p.id },
  );
  return toPlanObject(price);
}

export async function retrievePlan(ctx: Ctx, id: string): Promise<PlanObject> {
  return asPlan(await requirePlan(ctx, id));
}

/** Updates a plan; its product can change until a subscription bills it, as in Stripe. */
export async function updatePlan(ctx: Ctx, id: string, p: UpdatePlanParams): Promise<PlanObject> {
  const row = await requirePlan(ctx, id);
  if (p.product !== undefined && p.product !== row.product) {
    await requireProduct(ctx, p.product, 'product');
    if (await priceInUse(ctx.db, ctx.scope, id)) {
      throw BursarError.invalid('This plan is used by a subscription: its product can no longer change. Create a new plan instead.', 'product');
    }
  }
  const price = await changePrice(ctx, row, { active: p.active, metadata: p.metadata, nickname: p.nickname }, {
    ...(p.product !== undefined && { product: p.product }),
    ...(p.trial_period_days !== undefined && { recurring_trial_period_days: p.trial_period_days }),
  });
  return toPlanObject(price);
}

/**
 * Deletes a plan: it can no longer be retrieved, listed or subscribed to, while the
 * subscriptions holding it bill on. Its price is deleted with it (plan.deleted, price.deleted).
 */
export async function deletePlan(ctx: Ctx, id: string): Promise<{ id: string; object: 'plan'; deleted: true }> {
  const row = await requirePlan(ctx, id);
  if ((await requireProduct(ctx, row.product)).default_price === id) {
    throw BursarError.invalid('This plan cannot be deleted because it is the default price of its product.', 'id');
  }
  await updatePriceRow(ctx.db, ctx.scope, id, { deleted_at: ctx.clock.now(), lookup_key: null });
  await recordPriceEvents(ctx, 'deleted', row);
  return { id, object: 'plan', deleted: true };
}

export async function listPlans(ctx: Ctx, page: Page, filter: Pick<PriceFilter, 'active' | 'created' | 'product'>) {
  if (filter.product !== undefined) await requireProduct(ctx, filter.product, 'product');
  const { rows, hasMore } = await listPriceRows(ctx.db, ctx.scope, page, { ...filter, type: 'recurring' });
  return listObject('/v1/plans', rows.map(asPlan), hasMore);
}
