import * as z from 'zod';
import { amount, count, decimalAmount, int, metadata, paramName, str } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { isCurrency } from '../../kit/money.ts';

// What a price is made of, shared by `POST /v1/prices` and a product's
// `default_price_data`; kept apart from schemas.ts so products can use it without a cycle.

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Stripe caps a billing period at one year, whatever the interval. */
const MAX_INTERVAL_COUNT: Record<Interval, number> = { day: 365, week: 52, month: 12, year: 1 };

/** An ISO 4217 code in any case; lowercase out, as Stripe shows it. */
export const currency = () =>
  str(20)
    .superRefine((code, ctx) => {
      if (!isCurrency(code)) ctx.addIssue({ code: 'custom', message: `Invalid currency: ${code}. Use a three-letter ISO 4217 code such as usd or eur.` });
    })
    .transform((code) => code.toLowerCase());

export const taxBehavior = () => z.enum(['exclusive', 'inclusive', 'unspecified']);

/** Why an interval_count is refused (longer than one year), or null. */
export function intervalCountTooLong(r: { interval: Interval; interval_count?: number | undefined }): string | null {
  if ((r.interval_count ?? 1) <= MAX_INTERVAL_COUNT[r.interval]) return null;
  return `Invalid interval_count: ${r.interval_count} ${r.interval}s is longer than the maximum billing period of one year (1 year, 12 months, 52 weeks or 365 days).`;
}

const period = {
  interval: z.enum(INTERVALS),
  interval_count: count(1).optional(),
  usage_type: z.literal('licensed').optional(),
};

function checkPeriod(r: { interval: Interval; interval_count?: number | undefined }, ctx: z.RefinementCtx): void {
  const message = intervalCountTooLong(r);
  if (message) ctx.addIssue({ code: 'custom', path: ['interval_count'], message });
}

const recurring = () => z.strictObject(period).superRefine(checkPeriod);

/** prices.create's `recurring`: a subscription created with trial_from_plan=true takes its trial_period_days. */
export const recurringWithTrial = () => z.strictObject({ ...period, trial_period_days: int({ min: 0, max: 730 }).optional() }).superRefine(checkPeriod);

export const priceDataFields = {
  currency: currency(),
  unit_amount: amount().optional(),
  unit_amount_decimal: decimalAmount().optional(),
  recurring: recurring().optional(),
  tax_behavior: taxBehavior().optional(),
  metadata: metadata().optional(),
};

const priceData = z.strictObject(priceDataFields);

/** A recurring price made for one subscription item (`items[][price_data]`), of an existing product. */
export const itemPriceData = () =>
  z.strictObject({
    currency: currency(),
    product: str(255),
    recurring: recurring(),
    tax_behavior: taxBehavior().optional(),
    unit_amount: amount().optional(),
    unit_amount_decimal: decimalAmount().optional(),
  });
export type ItemPriceData = z.output<ReturnType<typeof itemPriceData>>;
export type PriceData = z.output<typeof priceData>;

/** "0012.50" → "12.5": the canonical form Stripe returns. */
function canonicalDecimal(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}

/**
 * The amount and billing period columns of a price, after the checks that span
 * several fields. `at` names where the data sits in the request (e.g. `default_price_data`).
 */
export function priceColumns(data: PriceData, at: readonly string[] = []) {
  const param = (name: string) => paramName([...at, name]);
  if (data.unit_amount !== undefined && data.unit_amount_decimal !== undefined) {
    throw BursarError.invalid(
      `You may only specify one of these parameters: ${param('unit_amount')}, ${param('unit_amount_decimal')}.`,
      param('unit_amount_decimal'),
    );
  }
  let unitAmount: number | null;
  let unitAmountDecimal: string;
  if (data.unit_amount !== undefined) {
    unitAmount = data.unit_amount;
    unitAmountDecimal = String(data.unit_amount);
  } else if (data.unit_amount_decimal !== undefined) {
    unitAmountDecimal = canonicalDecimal(data.unit_amount_decimal);
    // A fractional amount has no integer form; Stripe shows unit_amount null then.
    unitAmount = unitAmountDecimal.includes('.') ? null : Number(unitAmountDecimal);
  } else {
    throw BursarError.invalid(
      `Missing required param: ${param('unit_amount')} (or ${param('unit_amount_decimal')}).`,
      param('unit_amount'),
      'parameter_missing',
    );
  }
  return {
    currency: data.currency,
    unit_amount: unitAmount,
    unit_amount_decimal: unitAmountDecimal,
    type: data.recurring ? 'recurring' : 'one_time',
    billing_scheme: 'per_unit',
    recurring_interval: data.recurring?.interval ?? null,
    recurring_interval_count: data.recurring ? (data.recurring.interval_count ?? 1) : null,
    recurring_usage_type: data.recurring ? (data.recurring.usage_type ?? 'licensed') : null,
    tax_behavior: data.tax_behavior ?? 'unspecified',
  };
}
