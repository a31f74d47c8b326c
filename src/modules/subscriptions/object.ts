import { parseJson } from '../../kit/json.ts';
import type { PriceObject } from '../prices/object.ts';
import { toPlanObject } from '../plans/object.ts';
import type { TaxRateObject } from '../tax-rates/object.ts';
import type { StoredDiscount } from '../invoices/discounts.ts';
import type { SubscriptionItemRow, SubscriptionRow } from './repository.ts';
import type { MissingPaymentMethod, PauseBehavior } from './schemas.ts';
import type { ScheduledChange } from './scheduled-change.ts';
import { paymentSettingsOf } from './payment-settings.ts';

/** An item as Stripe shows it; its period is its subscription's (one interval per subscription). */
export function toSubscriptionItemObject(row: SubscriptionItemRow, sub: Pick<SubscriptionRow, 'current_period_start' | 'current_period_end'>, price: PriceObject, taxRates: TaxRateObject[]) {
  return {
    id: row.id,
    object: 'subscription_item' as const,
    billing_thresholds: null,
    created: row.created,
    current_period_end: sub.current_period_end,
    current_period_start: sub.current_period_start,
    current_trial: null,
    discounts: [] as string[],
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    // The older `plan` every item still carries: its price, in the older shape.
    plan: toPlanObject(price),
    price,
    quantity: row.quantity,
    subscription: row.subscription,
    tax_rates: taxRates,
  };
}

export type SubscriptionItemObject = ReturnType<typeof toSubscriptionItemObject>;

export interface SubscriptionParts {
  row: SubscriptionRow;
  items: SubscriptionItemObject[];
  defaultTaxRates: TaxRateObject[];
  discounts: StoredDiscount[];
}

/** The subscription as Stripe shows it. */
export function toSubscriptionObject({ row, items, defaultTaxRates, discounts }: SubscriptionParts) {
  return {
    id: row.id,
    object: 'subscription' as const,
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: row.billing_cycle_anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' as const },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: row.cancel_at,
    cancel_at_period_end: row.cancel_at_period_end === 1,
    canceled_at: row.canceled_at,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null, ...parseJson(row.cancellation_details, {}) },
    collection_method: row.collection_method,
    created: row.created,
    currency: row.currency,
    customer: row.customer,
    customer_account: null,
    days_until_due: row.days_until_due,
    default_payment_method: row.default_payment_method,
    default_source: null,
    default_tax_rates: defaultTaxRates,
    description: row.description,
    discounts: discounts.map((d) => d.id),
    ended_at: row.ended_at,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' as const } },
    items: { object: 'list' as const, data: items, has_more: false, total_count: items.length, url: `/v1/subscription_items?subscription=${row.id}` },
    latest_invoice: row.latest_invoice,
    livemode: row.livemode === 1,
    managed_payments: null,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: row.pause_behavior === null ? null : { behavior: row.pause_behavior as PauseBehavior, resumes_at: row.pause_resumes_at },
    payment_settings: paymentSettingsOf(row.payment_settings),
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: row.schedule,
    /** Bursar's addition: the change that takes effect at `effective_at` (the period end), or null. */
    scheduled_change: parseJson<ScheduledChange | null>(row.scheduled_change, null),
    start_date: row.start_date,
    status: row.status,
    test_clock: row.test_clock,
    transfer_data: null,
    trial_end: row.trial_end,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: row.trial_missing_payment_method as MissingPaymentMethod } },
    trial_start: row.trial_start,
  };
}

export type SubscriptionObject = ReturnType<typeof toSubscriptionObject>;

/** The current period, where the current API version shows it: on the items (they share one). */
export const currentPeriodOf = (sub: SubscriptionObject) => ({ start: sub.items.data[0]!.current_period_start, end: sub.items.data[0]!.current_period_end });
