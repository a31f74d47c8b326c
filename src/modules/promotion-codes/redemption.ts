import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { findCoupon } from '../coupons/repository.ts';
import { isCouponValid, toCouponObject, type CouponObject } from '../coupons/object.ts';
import { redeemCoupon } from '../coupons/service.ts';
import { toPromotionCodeObject, type PromotionCodeObject } from './object.ts';
import { findActivePromotionCode, incrementPromotionCodeRedemptions, type PromotionCodeRow } from './repository.ts';
import { requirePromotionCode } from './service.ts';
import { customerHasPaid } from '../invoices/repository.ts';

// What the billing engine calls when a customer enters a code: every refusal is a 400
// naming `promotion_code`, so it reaches the customer as is.

export interface RedemptionContext {
  /** The customer redeeming, or null when there is none yet. */
  customerId: string | null;
  /** The amount the discount would apply to, in minor units of `currency`: checks the minimum. */
  amount?: number | undefined;
  currency?: string | undefined;
}

const refuse = (message: string, code?: string) => BursarError.invalid(message, 'promotion_code', code);

/** The error code of a first_time_transaction code refused to a customer who has paid before (the portal says so in words). */
export const FIRST_TIME_ONLY = 'promotion_code_first_time_transaction';

/**
 * The restrictions that depend on who redeems: a code of another customer, and a
 * `first_time_transaction` code for a customer who has paid an invoice already, are
 * refused, as in Stripe. Without a customer (none yet) neither applies.
 */
async function refuseForCustomer(ctx: Ctx, row: PromotionCodeRow, customerId: string | null): Promise<void> {
  if (row.customer !== null && row.customer !== customerId) throw refuse(`The promotion code '${row.code}' belongs to another customer.`);
  if (row.first_time_transaction === 1 && customerId !== null && (await customerHasPaid(ctx.db, ctx.scope, customerId))) {
    throw refuse(`The promotion code '${row.code}' is only valid for a customer's first transaction, and this customer has paid before.`, FIRST_TIME_ONLY);
  }
}

/** Why the promotion code cannot be redeemed now, or null if it can. */
function refusal(row: PromotionCodeRow, now: number): string | null {
  if (row.active !== 1) return `The promotion code '${row.code}' is not active.`;
  if (row.expires_at !== null && now >= row.expires_at) return `The promotion code '${row.code}' has expired.`;
  if (row.max_redemptions !== null && row.times_redeemed >= row.max_redemptions) {
    return `The promotion code '${row.code}' has reached its maximum number of redemptions.`;
  }
  return null;
}

/** The minimum order for `currency`: the main minimum in its currency, else the per-currency one. */
function minimumFor(object: PromotionCodeObject, currency: string): number | null {
  const r = object.restrictions;
  if (r.minimum_amount_currency === currency) return r.minimum_amount;
  return r.currency_options[currency]?.minimum_amount ?? null;
}

/**
 * The coupon a code (typed in any case) gives this customer for this amount, with the
 * promotion code itself; or a 400 naming `promotion_code` that says why not.
 */
export async function resolvePromotionCode(
  ctx: Ctx,
  code: string,
  at: RedemptionContext,
): Promise<{ coupon: CouponObject; promotionCode: PromotionCodeObject }> {
  const row = await findActivePromotionCode(ctx.db, ctx.scope, code);
  if (!row) throw refuse(`No active promotion code matches '${code}'.`);
  const now = ctx.clock.now();
  const why = refusal(row, now);
  if (why) throw refuse(why);
  await refuseForCustomer(ctx, row, at.customerId);
  const promotionCode = toPromotionCodeObject(row);
  const currency = at.currency?.toLowerCase();
  if (at.amount !== undefined && currency !== undefined) {
    const minimum = minimumFor(promotionCode, currency);
    if (minimum !== null && at.amount < minimum) {
      throw refuse(`The promotion code '${row.code}' needs an amount of at least ${minimum} (${currency}, in minor units).`);
    }
  }
  const couponRow = await findCoupon(ctx.db, ctx.scope, row.coupon);
  if (!couponRow || !isCouponValid(couponRow, now)) throw refuse(`The coupon of promotion code '${row.code}' is no longer valid.`);
  if (couponRow.currency !== null && currency !== undefined && couponRow.currency !== currency) {
    throw refuse(`The promotion code '${row.code}' takes an amount off in ${couponRow.currency}; it cannot apply to ${currency}.`);
  }
  return { coupon: toCouponObject(couponRow, now), promotionCode };
}

/**
 * A promotion code (by id) that could be redeemed now, by `customerId` when given (its
 * customer and first-transaction restrictions), or a 400 naming `promotion_code`; counts nothing (previews).
 */
export async function checkPromotionCode(ctx: Ctx, id: string, customerId?: string): Promise<PromotionCodeRow> {
  const row = await requirePromotionCode(ctx, id);
  const why = refusal(row, ctx.clock.now());
  if (why) throw refuse(why);
  if (customerId !== undefined) await refuseForCustomer(ctx, row, customerId);
  return row;
}

/**
 * Counts one redemption of a promotion code (by `customerId` when given) and of its coupon.
 * Call it in the transaction of the change that applies the discount: a refusal of either rolls both back.
 */
export async function redeemPromotionCode(ctx: Ctx, id: string, customerId?: string): Promise<PromotionCodeObject> {
  const row = await checkPromotionCode(ctx, id, customerId);
  const redeemed = await incrementPromotionCodeRedemptions(ctx.db, ctx.scope, id);
  // Another request took the last redemption between the check and the update.
  if (!redeemed) throw refuse(`The promotion code '${row.code}' has reached its maximum number of redemptions.`);
  await redeemCoupon(ctx, row.coupon, 'promotion_code');
  return toPromotionCodeObject(redeemed);
}
