import type { Ctx } from '../../context.ts';
import { paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { parseJson } from '../../kit/json.ts';
import { fromScaled } from '../../kit/decimal.ts';
import type { InvoiceDiscount } from '../../billing/totals.ts';
import { findCoupon } from '../coupons/repository.ts';
import { redeemCoupon, requireValidCoupon } from '../coupons/service.ts';
import { checkPromotionCode, redeemPromotionCode } from '../promotion-codes/redemption.ts';
import type { DiscountsParam } from './schemas.ts';

/** A discount as an invoice keeps it: its `di_` id and where it came from. */
export interface StoredDiscount {
  id: string;
  coupon: string;
  promotion_code: string | null;
  /** When a discount added to a running subscription started; its duration counts from there (else from the subscription's start). */
  start?: number;
}

export const discountsOf = (row: { discounts: string }) => parseJson<StoredDiscount[]>(row.discounts, []);

/**
 * Turns `discounts[]` into stored discounts, counting one redemption of each coupon or
 * promotion code in the request's transaction (a refusal rolls the whole change back).
 * `redeem: false` checks the same and counts nothing (an invoice preview). `existing` are
 * the object's own discounts: `{ discount: di_… }` keeps one as it is, redeeming nothing again.
 * `customer` redeems: a promotion code's customer and first-transaction restrictions apply.
 */
export async function applyDiscounts(
  ctx: Ctx,
  param: DiscountsParam | undefined,
  currency: string,
  options: { redeem?: boolean; existing?: readonly StoredDiscount[]; customer?: string } = {},
): Promise<StoredDiscount[]> {
  const redeem = options.redeem ?? true;
  const out: StoredDiscount[] = [];
  for (const [i, d] of (param ?? []).entries()) {
    if ([d.coupon, d.promotion_code, d.discount].filter((x) => x !== undefined).length !== 1) {
      throw BursarError.invalid('Each discount takes exactly one of coupon, discount and promotion_code.', paramName(['discounts', i]));
    }
    if (d.discount !== undefined) {
      const kept = options.existing?.find((x) => x.id === d.discount);
      if (!kept) throw BursarError.invalid(`No such discount: '${d.discount}'.`, paramName(['discounts', i, 'discount']), 'resource_missing');
      if (out.some((x) => x.coupon === kept.coupon)) throw BursarError.invalid(`Coupon ${kept.coupon} is already applied.`, paramName(['discounts', i]));
      out.push(kept);
      continue;
    }
    let coupon: string;
    const couponParam = paramName(['discounts', i, 'coupon']);
    if (d.promotion_code !== undefined) {
      coupon = redeem ? (await redeemPromotionCode(ctx, d.promotion_code, options.customer)).promotion.coupon : (await checkPromotionCode(ctx, d.promotion_code, options.customer)).coupon;
    }
    else coupon = (redeem ? await redeemCoupon(ctx, d.coupon!, couponParam) : await requireValidCoupon(ctx, d.coupon!, couponParam)).id;
    const terms = await findCoupon(ctx.db, ctx.scope, coupon);
    if (terms?.currency && terms.currency !== currency) {
      throw BursarError.invalid(`Coupon ${coupon} takes an amount off in ${terms.currency}; this invoice is in ${currency}.`, paramName(['discounts', i]));
    }
    if (out.some((x) => x.coupon === coupon)) throw BursarError.invalid(`Coupon ${coupon} is already applied to this invoice.`, paramName(['discounts', i]));
    out.push({ id: newId('di'), coupon, promotion_code: d.promotion_code ?? null });
  }
  return out;
}

/** The coupons' terms, as computeTotals takes them; a deleted coupon keeps its terms. */
export async function totalsDiscounts(ctx: Ctx, stored: readonly StoredDiscount[]): Promise<InvoiceDiscount[]> {
  const out: InvoiceDiscount[] = [];
  for (const d of stored) {
    const c = await findCoupon(ctx.db, ctx.scope, d.coupon);
    if (!c) continue;
    out.push({
      id: d.id,
      percent_off: c.percent_off_hundredths === null ? null : fromScaled(c.percent_off_hundredths, 2),
      amount_off: c.amount_off,
      currency: c.currency,
    });
  }
  return out;
}
