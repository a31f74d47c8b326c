import { parseJson } from '../../kit/json.ts';
import type { PriceRow } from './repository.ts';

function recurringOf(row: PriceRow) {
  if (row.recurring_interval === null) return null;
  return {
    interval: row.recurring_interval,
    interval_count: row.recurring_interval_count ?? 1,
    meter: null,
    trial_period_days: row.recurring_trial_period_days,
    usage_type: row.recurring_usage_type ?? 'licensed',
  };
}

/** The price as Stripe shows it. */
export function toPriceObject(row: PriceRow) {
  return {
    id: row.id,
    object: 'price' as const,
    active: row.active === 1,
    billing_scheme: row.billing_scheme,
    created: row.created,
    currency: row.currency,
    custom_unit_amount: null,
    livemode: row.livemode === 1,
    lookup_key: row.lookup_key,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    nickname: row.nickname,
    product: row.product,
    recurring: recurringOf(row),
    tax_behavior: row.tax_behavior,
    tiers_mode: null,
    transform_quantity: null,
    type: row.type,
    unit_amount: row.unit_amount,
    unit_amount_decimal: row.unit_amount_decimal,
  };
}

export type PriceObject = ReturnType<typeof toPriceObject>;
