import { fromScaled } from '../../kit/decimal.ts';
import { parseJson } from '../../kit/json.ts';
import type { TaxRateRow } from './repository.ts';

/** The tax rate as Stripe shows it: Bursar's rates are always a percentage, never a flat amount. */
export function toTaxRateObject(row: TaxRateRow) {
  const percentage = fromScaled(row.percentage_ten_thousandths, 4);
  return {
    id: row.id,
    object: 'tax_rate' as const,
    active: row.active === 1,
    country: row.country,
    created: row.created,
    description: row.description,
    display_name: row.display_name,
    effective_percentage: percentage,
    flat_amount: null,
    inclusive: row.inclusive === 1,
    jurisdiction: row.jurisdiction,
    jurisdiction_level: null,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    percentage,
    rate_type: 'percentage' as const,
    state: row.state,
    tax_type: row.tax_type,
  };
}

export type TaxRateObject = ReturnType<typeof toTaxRateObject>;
