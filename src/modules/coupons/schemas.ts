import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, clearable, customId, count, int, list, metadata, range, scaledDecimal, str } from '../../api/params.ts';
import { currency } from '../prices/price-data.ts';

export const DURATIONS = ['once', 'repeating', 'forever'] as const;

// Which of percent_off / amount_off, and whether duration_in_months fits the duration,
// are checked by the service: those errors name the parameter the way Stripe does.
export const createCouponParams = z.strictObject({
  id: customId('coupon').optional(),
  amount_off: amount(1).optional(),
  currency: currency().optional(),
  /** Out as hundredths of a percent: 0 < percent_off ≤ 100, two decimals at most. */
  percent_off: scaledDecimal(2, { min: 0, max: 100, minExclusive: true }).optional(),
  duration: z.enum(DURATIONS).optional(),
  duration_in_months: int({ min: 1, max: 1200 }).optional(),
  max_redemptions: count(1).optional(),
  redeem_by: int({ min: 1 }).optional(),
  name: str(40).optional(),
  metadata: metadata().optional(),
  applies_to: z.strictObject({ products: list(str(255), 100).optional() }).optional(),
});

export const updateCouponParams = z.strictObject({
  name: clearable(str(40)).optional(),
  metadata: metadata().optional(),
});

export const listCouponsParams = z.strictObject({
  ...pageParams,
  created: range().optional(),
});

export type CreateCouponParams = z.output<typeof createCouponParams>;
export type UpdateCouponParams = z.output<typeof updateCouponParams>;
