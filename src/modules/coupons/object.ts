import { fromScaled } from '../../kit/decimal.ts';
import { parseJson } from '../../kit/json.ts';
import type { CouponRow } from './repository.ts';

/** Whether the coupon can still be redeemed at `now`: not deleted, not past redeem_by, redemptions left. */
export function isCouponValid(row: CouponRow, now: number): boolean {
  if (row.deleted_at !== null) return false;
  if (row.redeem_by !== null && now >= row.redeem_by) return false;
  return row.max_redemptions === null || row.times_redeemed < row.max_redemptions;
}

/** The coupon as Stripe shows it at `now` (`valid` depends on the time). */
export function toCouponObject(row: CouponRow, now: number) {
  const products = parseJson<string[] | null>(row.applies_to_products, null);
  return {
    id: row.id,
    object: 'coupon' as const,
    amount_off: row.amount_off,
    // Stripe shows applies_to only when asked (expand[]=applies_to); Bursar shows it whenever the coupon is restricted.
    ...(products && { applies_to: { products } }),
    created: row.created,
    currency: row.currency,
    duration: row.duration,
    duration_in_months: row.duration_in_months,
    livemode: row.livemode === 1,
    max_redemptions: row.max_redemptions,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    name: row.name,
    percent_off: row.percent_off_hundredths === null ? null : fromScaled(row.percent_off_hundredths, 2),
    redeem_by: row.redeem_by,
    times_redeemed: row.times_redeemed,
    valid: isCouponValid(row, now),
  };
}

export type CouponObject = ReturnType<typeof toCouponObject>;
