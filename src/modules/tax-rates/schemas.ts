import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, metadata, range, scaledDecimal, str } from '../../api/params.ts';

export const TAX_TYPES = [
  'admissions_tax', 'amusement_tax', 'attendance_tax', 'communications_tax', 'digital_excise_tax', 'entertainment_tax',
  'get_fund', 'gross_receipts_tax', 'gst', 'hospitality_tax', 'hst', 'igst', 'jct', 'lease_tax', 'luxury_tax',
  'mass_transit_parking_tax', 'nhil', 'parking_tax', 'pst', 'qst', 'resort_tax', 'retail_delivery_fee', 'rst',
  'sales_tax', 'service_tax', 'tourism_tax', 'utility_users_tax', 'vat',
] as const;

/** An ISO 3166-1 alpha-2 country, uppercase out. */
const country = () =>
  str(2)
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 country code such as DE')
    .transform((c) => c.toUpperCase());

/** An ISO 3166-2 subdivision without its country prefix ("NY", not "US-NY"), uppercase out. */
const state = () =>
  str(3)
    .regex(/^[A-Za-z0-9]{1,3}$/, 'must be an ISO 3166-2 subdivision code without the country prefix, such as NY')
    .transform((s) => s.toUpperCase());

const displayName = () => str(50).min(1);

const fields = {
  active: bool().optional(),
  metadata: metadata().optional(),
};

export const createTaxRateParams = z.strictObject({
  ...fields,
  display_name: displayName(),
  /** Out as ten-thousandths of a percent: 0–100 with four decimals at most. */
  percentage: scaledDecimal(4, { min: 0, max: 100 }),
  inclusive: bool(),
  country: country().optional(),
  state: state().optional(),
  jurisdiction: str(50).optional(),
  description: str(500).optional(),
  tax_type: z.enum(TAX_TYPES).optional(),
});

// percentage and inclusive are not here: as in Stripe, they never change (invoices keep pointing at the rate).
export const updateTaxRateParams = z.strictObject({
  ...fields,
  display_name: displayName().optional(),
  country: clearable(country()).optional(),
  state: clearable(state()).optional(),
  jurisdiction: clearable(str(50)).optional(),
  description: clearable(str(500)).optional(),
  tax_type: clearable(z.enum(TAX_TYPES)).optional(),
});

export const listTaxRatesParams = z.strictObject({
  ...pageParams,
  active: bool().optional(),
  inclusive: bool().optional(),
  created: range().optional(),
});

export type CreateTaxRateParams = z.output<typeof createTaxRateParams>;
export type UpdateTaxRateParams = z.output<typeof updateTaxRateParams>;
