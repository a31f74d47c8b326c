import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, bool, count, int, metadata, range, str } from '../../api/params.ts';
import { currency } from '../prices/price-data.ts';

/** What a customer types: letters and digits, matched whatever their case. */
const code = () => str(500).regex(/^[A-Za-z0-9]+$/, 'must contain only letters (a-z, A-Z) and digits (0-9)');

/** Per-currency minimums, keyed by currency (checked by the service, which names the key). */
const currencyOptions = () => z.record(str(20), z.strictObject({ minimum_amount: amount() }));

export const createPromotionCodeParams = z.strictObject({
  // The current API names the coupon under `promotion`; older versions took a top-level `coupon`.
  promotion: z.strictObject({ type: z.literal('coupon'), coupon: str(255).optional() }).optional(),
  coupon: str(255).optional(),
  code: code().optional(),
  active: bool().optional(),
  customer: str(255).optional(),
  expires_at: int({ min: 1 }).optional(),
  max_redemptions: count(1).optional(),
  metadata: metadata().optional(),
  restrictions: z
    .strictObject({
      first_time_transaction: bool().optional(),
      minimum_amount: amount().optional(),
      minimum_amount_currency: currency().optional(),
      currency_options: currencyOptions().optional(),
    })
    .optional(),
});

// As in Stripe, only the per-currency minimums of the restrictions change later.
export const updatePromotionCodeParams = z.strictObject({
  active: bool().optional(),
  metadata: metadata().optional(),
  restrictions: z.strictObject({ currency_options: currencyOptions().optional() }).optional(),
});

export const listPromotionCodesParams = z.strictObject({
  ...pageParams,
  active: bool().optional(),
  code: str(500).optional(),
  coupon: str(255).optional(),
  customer: str(255).optional(),
  created: range().optional(),
});

export type CreatePromotionCodeParams = z.output<typeof createPromotionCodeParams>;
export type UpdatePromotionCodeParams = z.output<typeof updatePromotionCodeParams>;
export type CurrencyOptions = Record<string, { minimum_amount: number }>;
