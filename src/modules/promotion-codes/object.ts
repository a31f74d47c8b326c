import { parseJson } from '../../kit/json.ts';
import type { PromotionCodeRow } from './repository.ts';
import type { CurrencyOptions } from './schemas.ts';

/** The promotion code as the current Stripe API version shows it: its coupon under `promotion`. */
export function toPromotionCodeObject(row: PromotionCodeRow) {
  return {
    id: row.id,
    object: 'promotion_code' as const,
    active: row.active === 1,
    code: row.code,
    created: row.created,
    customer: row.customer,
    customer_account: null,
    expires_at: row.expires_at,
    livemode: row.livemode === 1,
    max_redemptions: row.max_redemptions,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    promotion: { coupon: row.coupon, type: 'coupon' as const },
    restrictions: {
      currency_options: parseJson<CurrencyOptions>(row.currency_options, {}),
      first_time_transaction: row.first_time_transaction === 1,
      minimum_amount: row.minimum_amount,
      minimum_amount_currency: row.minimum_amount_currency,
    },
    times_redeemed: row.times_redeemed,
  };
}

export type PromotionCodeObject = ReturnType<typeof toPromotionCodeObject>;
