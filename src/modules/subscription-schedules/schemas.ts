import * as z from 'zod';
import { ACCOUNTS, CONNECT } from '../../api/not-supported.ts';
import { pageParams } from '../../api/list.ts';
import { amount, bool, clearable, count, decimalAmount, int, list, metadata, notSupported, quantity, range, str } from '../../api/params.ts';
import { COLLECTION_METHODS, discountsParam } from '../invoices/schemas.ts';
import { currency, INTERVALS, taxBehavior } from '../prices/price-data.ts';
import { PRORATION_BEHAVIORS } from '../subscriptions/schemas.ts';

/** `none` and `renew` are legacy values Stripe keeps for old schedules: Bursar ends a schedule by releasing or canceling. */
export const END_BEHAVIORS = ['release', 'cancel'] as const;

const INVOICE_SETTINGS = 'a phase keeps only invoice_settings[days_until_due].';
const THRESHOLDS = 'billing thresholds are not available.';
const timeOrNow = () => z.union([z.literal('now'), int({ min: 0 })]);
const taxRates = () => clearable(list(str(255), 5));

const itemPriceData = z.strictObject({
  currency: currency(),
  product: str(255),
  recurring: z.strictObject({ interval: z.enum(INTERVALS), interval_count: count(1).optional() }),
  tax_behavior: taxBehavior().optional(),
  unit_amount: amount().optional(),
  unit_amount_decimal: decimalAmount().optional(),
});

const phaseItem = z.strictObject({
  price: str(255).optional(),
  /** The legacy name of a recurring price. */
  plan: str(255).optional(),
  price_data: itemPriceData.optional(),
  quantity: quantity().optional(),
  tax_rates: taxRates().optional(),
  metadata: metadata().optional(),
  discounts: notSupported('discounts apply to a whole phase (phases[][discounts]).').optional(),
  billing_thresholds: notSupported(THRESHOLDS).optional(),
});

const invoiceSettings = z.strictObject({
  days_until_due: int({ min: 0, max: 730 }).optional(),
  account_tax_ids: notSupported(INVOICE_SETTINGS).optional(),
  custom_fields: notSupported(INVOICE_SETTINGS).optional(),
  description: notSupported(INVOICE_SETTINGS).optional(),
  footer: notSupported(INVOICE_SETTINGS).optional(),
  issuer: notSupported(INVOICE_SETTINGS).optional(),
});

/** Stripe's settings Bursar has no counterpart for (Connect, automatic tax, thresholds). */
const unsupportedSettings = {
  application_fee_percent: notSupported(CONNECT).optional(),
  automatic_tax: z.strictObject({ enabled: z.literal(false, 'automatic_tax[enabled] is not supported: automatic tax is not available.'), liability: notSupported('automatic tax is not available.').optional() }).optional(),
  billing_thresholds: notSupported(THRESHOLDS).optional(),
  on_behalf_of: notSupported(CONNECT).optional(),
  transfer_data: notSupported(CONNECT).optional(),
};

const phaseFields = {
  items: list(phaseItem, 20),
  end_date: timeOrNow().optional(),
  duration: z.strictObject({ interval: z.enum(INTERVALS), interval_count: count(1).optional() }).optional(),
  trial: bool().optional(),
  trial_end: timeOrNow().optional(),
  proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
  billing_cycle_anchor: z.enum(['automatic', 'phase_start']).optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  currency: currency().optional(),
  default_payment_method: str(255).optional(),
  default_tax_rates: taxRates().optional(),
  description: clearable(str(500)).optional(),
  discounts: discountsParam().optional(),
  invoice_settings: invoiceSettings.optional(),
  metadata: metadata().optional(),
  add_invoice_items: notSupported('one-off items billed at a phase start are not available yet.').optional(),
  ...unsupportedSettings,
};

const createPhase = z.strictObject(phaseFields);
/** An update restates every phase; a phase may say when it starts (the first one: as it started). */
const updatePhase = z.strictObject({ ...phaseFields, start_date: timeOrNow().optional() });

const defaultSettings = z.strictObject({
  billing_cycle_anchor: z.enum(['automatic', 'phase_start']).optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  default_payment_method: str(255).optional(),
  description: clearable(str(500)).optional(),
  invoice_settings: invoiceSettings.optional(),
  ...unsupportedSettings,
});

const billingMode = z.strictObject({ type: z.literal('classic', 'billing_mode[type] is not supported: only the classic billing mode is available.'), flexible: notSupported('only the classic billing mode is available.').optional() });

export const createScheduleParams = z.strictObject({
  customer: str(255).optional(),
  from_subscription: str(255).optional(),
  start_date: timeOrNow().optional(),
  end_behavior: z.enum(END_BEHAVIORS).optional(),
  phases: list(createPhase, 10).optional(),
  default_settings: defaultSettings.optional(),
  metadata: metadata().optional(),
  billing_mode: billingMode.optional(),
  customer_account: notSupported(ACCOUNTS).optional(),
  pause_schedules: notSupported('pause a subscription\'s collection with pause_collection on the subscription.').optional(),
});

export const updateScheduleParams = z.strictObject({
  phases: list(updatePhase, 10).optional(),
  end_behavior: z.enum(END_BEHAVIORS).optional(),
  proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
  default_settings: defaultSettings.optional(),
  metadata: metadata().optional(),
  pause_schedules: notSupported('pause a subscription\'s collection with pause_collection on the subscription.').optional(),
});

export const cancelScheduleParams = z.strictObject({
  invoice_now: bool().optional(),
  prorate: bool().optional(),
});

export const releaseScheduleParams = z.strictObject({
  preserve_cancel_date: bool().optional(),
});

export const listSchedulesParams = z.strictObject({
  ...pageParams,
  customer: str(255).optional(),
  scheduled: bool().optional(),
  created: range().optional(),
  canceled_at: range().optional(),
  completed_at: range().optional(),
  released_at: range().optional(),
  customer_account: notSupported(ACCOUNTS).optional(),
});

export type CreateScheduleParams = z.output<typeof createScheduleParams>;
export type UpdateScheduleParams = z.output<typeof updateScheduleParams>;
export type PhaseParam = z.output<typeof updatePhase>;
export type PhaseItemParam = z.output<typeof phaseItem>;
export type DefaultSettingsParam = z.output<typeof defaultSettings>;
export type CancelScheduleParams = z.output<typeof cancelScheduleParams>;
export type ReleaseScheduleParams = z.output<typeof releaseScheduleParams>;
export type ListSchedulesParams = z.output<typeof listSchedulesParams>;
