import { parseJson } from '../../kit/json.ts';
import type { PaymentMethodRow } from './repository.ts';

/** The payment method as Stripe shows it. */
export function toPaymentMethodObject(row: PaymentMethodRow) {
  return {
    id: row.id,
    object: 'payment_method' as const,
    allow_redisplay: row.allow_redisplay,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null, ...parseJson<Record<string, unknown>>(row.billing_details, {}) },
    card: {
      brand: row.card_brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: row.card_country,
      display_brand: row.card_brand,
      exp_month: row.card_exp_month,
      exp_year: row.card_exp_year,
      fingerprint: row.card_fingerprint,
      funding: row.card_funding,
      generated_from: null,
      last4: row.card_last4,
      networks: { available: [row.card_brand], preferred: null },
      regulated_status: null,
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: row.created,
    customer: row.customer,
    customer_account: null,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    type: row.type,
  };
}

export type PaymentMethodObject = ReturnType<typeof toPaymentMethodObject>;
