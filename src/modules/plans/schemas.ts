import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, bool, count, customId, decimalAmount, int, metadata, notSupported, range, str } from '../../api/params.ts';
import { currency, INTERVALS } from '../prices/price-data.ts';
import { productDataParams } from '../products/schemas.ts';

const trialPeriodDays = () => int({ min: 0, max: 730 });

/** What Stripe's plans take that Bursar's prices do not bill: refused by name with why. */
const onlyLicensedPerUnit = <T extends string>(name: string, values: readonly [T, ...T[]], supported: T, why: string) =>
  z.enum(values).superRefine((value, ctx) => {
    if (value !== supported) ctx.addIssue({ code: 'custom', message: `${name}=${value} is not supported: ${why}.` });
  });

export const createPlanParams = z.strictObject({
  id: customId('plan').optional(),
  currency: currency(),
  interval: z.enum(INTERVALS),
  interval_count: count(1).optional(),
  amount: amount().optional(),
  amount_decimal: decimalAmount().optional(),
  active: bool().optional(),
  metadata: metadata().optional(),
  nickname: str().optional(),
  /** An existing product's id, or a new product's fields. */
  product: z.union([str(255), productDataParams.extend({ tax_details: notSupported('set tax_code instead.').optional() })]).optional(),
  trial_period_days: trialPeriodDays().optional(),
  usage_type: onlyLicensedPerUnit('usage_type', ['licensed', 'metered'], 'licensed', 'metered billing is not available').optional(),
  billing_scheme: onlyLicensedPerUnit('billing_scheme', ['per_unit', 'tiered'], 'per_unit', 'tiered pricing is not available').optional(),
  tiers: notSupported('tiered pricing is not available.').optional(),
  tiers_mode: notSupported('tiered pricing is not available.').optional(),
  transform_usage: notSupported('metered billing is not available.').optional(),
  meter: notSupported('metered billing is not available.').optional(),
});

export const updatePlanParams = z.strictObject({
  active: bool().optional(),
  metadata: metadata().optional(),
  nickname: str().optional(),
  product: str(255).optional(),
  trial_period_days: trialPeriodDays().optional(),
});

export const listPlansParams = z.strictObject({
  ...pageParams,
  active: bool().optional(),
  created: range().optional(),
  product: str(255).optional(),
});

export type CreatePlanParams = z.output<typeof createPlanParams>;
export type UpdatePlanParams = z.output<typeof updatePlanParams>;
export type ListPlansParams = z.output<typeof listPlansParams>;
