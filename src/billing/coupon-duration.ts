// How long a coupon keeps discounting, as Stripe's `duration` says: `once` for the first
// invoice only, `repeating` for invoices whose period starts within duration_in_months of
// when the discount began, `forever` always. Months are calendar months from the
// discount's start, clamped like billing periods (Jan 31 + 1 month = Feb 29 in 2024).
import { addInterval } from './periods.ts';

export type CouponDurationKind = 'once' | 'repeating' | 'forever';

export interface CouponDuration {
  duration: CouponDurationKind;
  /** Required for `repeating`, ignored otherwise. */
  duration_in_months?: number | null;
}

/** Stripe's `discount.end`: when a repeating discount stops; null for once and forever. */
export function discountEnd(coupon: CouponDuration, discountStart: number): number | null {
  if (coupon.duration !== 'repeating') return null;
  const months = coupon.duration_in_months;
  if (months == null || !Number.isInteger(months) || months < 1) {
    throw new RangeError(`a repeating coupon needs a positive whole duration_in_months, got ${months}`);
  }
  return addInterval(discountStart, 'month', months, 1);
}

export interface CouponUse {
  /** When the discount was applied to the customer or subscription. */
  discountStart: number;
  /** The start of the billing period the invoice is for. */
  periodStart: number;
  /** How many invoices this discount has already reduced (only `once` looks at it). */
  invoicesDiscounted: number;
}

/** Whether the coupon still discounts the invoice for a period starting at `periodStart`. */
export function couponApplies(coupon: CouponDuration, use: CouponUse): boolean {
  switch (coupon.duration) {
    case 'forever':
      return true;
    case 'once':
      return use.invoicesDiscounted === 0;
    case 'repeating':
      return use.periodStart < discountEnd(coupon, use.discountStart)!;
  }
}
