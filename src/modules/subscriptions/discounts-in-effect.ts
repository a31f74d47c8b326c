import type { Ctx } from '../../context.ts';
import { couponApplies, type CouponDurationKind } from '../../billing/coupon-duration.ts';
import { discountsOf, type StoredDiscount } from '../invoices/discounts.ts';
import { countInvoicesWithDiscount } from '../invoices/repository.ts';
import { findCoupon } from '../coupons/repository.ts';
import type { SubscriptionRow } from './repository.ts';

/**
 * The subscription's discounts that still apply to an invoice for the period starting at
 * `periodStart`, by their coupon's `duration`: `once` on the first invoice only,
 * `repeating` while the period starts within duration_in_months of the discount's start.
 * A discount starts at the subscription's start_date, or when it was added (`start`).
 */
export async function discountsInEffect(ctx: Ctx, sub: SubscriptionRow, periodStart: number): Promise<StoredDiscount[]> {
  const out: StoredDiscount[] = [];
  for (const d of discountsOf(sub)) {
    const coupon = await findCoupon(ctx.db, ctx.scope, d.coupon);
    // A deleted coupon keeps discounting (totalsDiscounts skips what it cannot find).
    if (!coupon) {
      out.push(d);
      continue;
    }
    const duration = { duration: coupon.duration as CouponDurationKind, duration_in_months: coupon.duration_in_months };
    const invoicesDiscounted = duration.duration === 'once' ? await countInvoicesWithDiscount(ctx.db, ctx.scope, sub.id, d.id) : 0;
    if (couponApplies(duration, { discountStart: d.start ?? sub.start_date, periodStart, invoicesDiscounted })) out.push(d);
  }
  return out;
}
