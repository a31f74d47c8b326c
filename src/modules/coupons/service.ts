import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata, paramName, type RangeParam } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { randomBase62 } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { requireProduct } from '../products/service.ts';
import { isCouponValid, toCouponObject, type CouponObject } from './object.ts';
import { findCoupon, incrementCouponRedemptions, insertCoupon, listCouponRows, updateCouponRow, type CouponRow } from './repository.ts';
import type { CreateCouponParams, UpdateCouponParams } from './schemas.ts';

type DeletedCoupon = { id: string; object: 'coupon'; deleted: true };

/** A coupon of the caller's scope that is not deleted, or Stripe's 404 naming `param`. */
export async function requireCoupon(ctx: Ctx, id: string, param = 'coupon'): Promise<CouponRow> {
  const row = await findCoupon(ctx.db, ctx.scope, id);
  if (!row || row.deleted_at !== null) throw BursarError.notFound('coupon', id, param);
  return row;
}

/** The cross-field rules of a new coupon, each refused with the parameter Stripe names. */
function checkTerms(ctx: Ctx, p: CreateCouponParams): void {
  if (p.percent_off !== undefined && p.amount_off !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: amount_off, percent_off.', 'percent_off');
  }
  if (p.percent_off === undefined && p.amount_off === undefined) {
    throw BursarError.invalid('Missing required param: percent_off (or amount_off with currency).', 'percent_off', 'parameter_missing');
  }
  if (p.amount_off !== undefined && p.currency === undefined) {
    throw BursarError.invalid('Missing required param: currency (required with amount_off).', 'currency', 'parameter_missing');
  }
  if (p.amount_off === undefined && p.currency !== undefined) {
    throw BursarError.invalid('currency can only be given with amount_off: a percent_off coupon applies in every currency.', 'currency');
  }
  if (p.duration === 'repeating' && p.duration_in_months === undefined) {
    throw BursarError.invalid('Missing required param: duration_in_months (required when duration is repeating).', 'duration_in_months', 'parameter_missing');
  }
  if (p.duration !== 'repeating' && p.duration_in_months !== undefined) {
    throw BursarError.invalid('duration_in_months can only be given when duration is repeating.', 'duration_in_months');
  }
  if (p.redeem_by !== undefined && p.redeem_by <= ctx.clock.now()) {
    throw BursarError.invalid('redeem_by must be in the future.', 'redeem_by');
  }
}

export async function createCoupon(ctx: Ctx, p: CreateCouponParams): Promise<CouponObject> {
  checkTerms(ctx, p);
  const products = p.applies_to?.products;
  for (const [i, product] of (products ?? []).entries()) await requireProduct(ctx, product, paramName(['applies_to', 'products', i]));
  const now = ctx.clock.now();
  const row = await insertCoupon(ctx.db, {
    // Stripe's generated coupon ids are short: a person may type one.
    id: p.id ?? randomBase62(8),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    name: p.name ?? null,
    percent_off_hundredths: p.percent_off ?? null,
    amount_off: p.amount_off ?? null,
    currency: p.currency ?? null,
    duration: p.duration ?? 'once',
    duration_in_months: p.duration_in_months ?? null,
    max_redemptions: p.max_redemptions ?? null,
    redeem_by: p.redeem_by ?? null,
    applies_to_products: products ? JSON.stringify(products) : null,
    times_redeemed: 0,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
    deleted_at: null,
  });
  if (!row) throw BursarError.invalid('Coupon already exists.', 'id', 'resource_already_exists');
  const object = toCouponObject(row, now);
  await recordEvent(ctx, 'coupon.created', object);
  return object;
}

export async function retrieveCoupon(ctx: Ctx, id: string): Promise<CouponObject> {
  return toCouponObject(await requireCoupon(ctx, id, 'id'), ctx.clock.now());
}

/** As in Stripe, only the name and metadata of a coupon change; its terms never do. */
export async function updateCoupon(ctx: Ctx, id: string, p: UpdateCouponParams): Promise<CouponObject> {
  const row = await requireCoupon(ctx, id, 'id');
  const now = ctx.clock.now();
  const before = toCouponObject(row, now);
  const patch = {
    ...(p.name !== undefined && { name: p.name }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
  };
  const object = toCouponObject(await updateCouponRow(ctx.db, ctx.scope, id, patch), now);
  await recordEvent(ctx, 'coupon.updated', object, before);
  return object;
}

/**
 * Deletes as Stripe does: no new redemptions, and the id answers 404. The row stays
 * (marked deleted) so promotion codes and discounts that name it keep their terms.
 */
export async function deleteCoupon(ctx: Ctx, id: string): Promise<DeletedCoupon> {
  const row = await requireCoupon(ctx, id, 'id');
  const now = ctx.clock.now();
  await updateCouponRow(ctx.db, ctx.scope, id, { deleted_at: now });
  await recordEvent(ctx, 'coupon.deleted', toCouponObject(row, now));
  return { id, object: 'coupon', deleted: true };
}

export async function listCoupons(ctx: Ctx, page: Page, filter: { created?: RangeParam | undefined }) {
  const { rows, hasMore } = await listCouponRows(ctx.db, ctx.scope, page, filter);
  const now = ctx.clock.now();
  return listObject('/v1/coupons', rows.map((row) => toCouponObject(row, now)), hasMore);
}

const noLongerValid = (id: string, param: string) => BursarError.invalid(`Coupon ${id} is no longer valid: it cannot be redeemed.`, param);

/** A coupon that can be redeemed now, or a 400 naming `param`. */
export async function requireValidCoupon(ctx: Ctx, id: string, param = 'coupon'): Promise<CouponRow> {
  const row = await requireCoupon(ctx, id, param);
  if (!isCouponValid(row, ctx.clock.now())) throw noLongerValid(id, param);
  return row;
}

/**
 * Counts one redemption of a coupon (the billing engine calls it when a discount is
 * applied). Reaching max_redemptions makes the coupon invalid; a coupon that is already
 * invalid is refused with a 400 naming `param`.
 */
export async function redeemCoupon(ctx: Ctx, id: string, param = 'coupon'): Promise<CouponObject> {
  await requireValidCoupon(ctx, id, param);
  const row = await incrementCouponRedemptions(ctx.db, ctx.scope, id);
  // Another request took the last redemption between the check and the update.
  if (!row) throw noLongerValid(id, param);
  return toCouponObject(row, ctx.clock.now());
}
