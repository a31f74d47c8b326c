import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, count, int, list, metadata, quantity, range, str } from '../../api/params.ts';
import { COLLECTION_METHODS, discountsParam } from '../invoices/schemas.ts';
import type { SearchFields } from '../../search/query.ts';
import { paymentSettingsParam } from './payment-settings.ts';
import { itemPriceData } from '../prices/price-data.ts';

export const STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;
export const PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;
export const PRORATION_BEHAVIORS = ['none', 'create_prorations', 'always_invoice'] as const;
/** What happens to a subscription's invoices while its collection is paused. */
export const PAUSE_BEHAVIORS = ['keep_as_draft', 'mark_uncollectible', 'void'] as const;
/** What a trial ending without a payment method does: Stripe's trial_settings[end_behavior][missing_payment_method]. */
export const MISSING_PAYMENT_METHOD = ['create_invoice', 'pause', 'cancel'] as const;

const trialSettings = () => z.strictObject({ end_behavior: z.strictObject({ missing_payment_method: z.enum(MISSING_PAYMENT_METHOD) }) });
const taxRates = () => clearable(list(str(255), 5));
const discounts = discountsParam;
/** A time, or `now` (trial_end=now ends a trial at once). */
const timeOrNow = () => z.union([z.literal('now'), int({ min: 0 })]);

const itemFields = {
  price: str(255).optional(),
  /** The older name of `price` (a plan id is a price id). */
  plan: str(255).optional(),
  /** A price made for this item. */
  price_data: itemPriceData().optional(),
  quantity: quantity().optional(),
  metadata: metadata().optional(),
  tax_rates: taxRates().optional(),
};

/** An entry naming its price by `plan` names it by `price` from here on; both is refused. */
function planAsPrice<T extends { price?: string | undefined; plan?: string | undefined }>(entry: T, ctx: z.RefinementCtx): Omit<T, 'plan'> {
  const { plan, ...rest } = entry;
  if (plan !== undefined && rest.price !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['plan'], message: 'You may only specify one of these parameters: plan, price.' });
  }
  return { ...rest, price: rest.price ?? plan };
}

const item = z.strictObject(itemFields).transform(planAsPrice);

export const createSubscriptionParams = z.strictObject({
  customer: str(255),
  items: list(item, 20).optional(),
  default_payment_method: str(255).optional(),
  trial_period_days: int({ min: 0, max: 730 }).optional(),
  /** Takes the trial_period_days of the items' plans. */
  trial_from_plan: bool().optional(),
  trial_end: timeOrNow().optional(),
  trial_settings: trialSettings().optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  payment_behavior: z.enum(PAYMENT_BEHAVIORS).optional(),
  /** Whether the customer is away while the first invoice is charged. */
  off_session: bool().optional(),
  billing_cycle_anchor: int({ min: 0 }).optional(),
  proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
  cancel_at: int({ min: 0 }).optional(),
  cancel_at_period_end: bool().optional(),
  discounts: discounts().optional(),
  default_tax_rates: taxRates().optional(),
  description: str(500).optional(),
  payment_settings: paymentSettingsParam().optional(),
  metadata: metadata().optional(),
});

const updateItem = z
  .strictObject({
    ...itemFields,
    id: str(255).optional(),
    /** Removes the item `id` (its unused time credited as the update prorates). */
    deleted: bool().optional(),
    /** Accepted for Stripe's metered items; licensed items have no usage to clear. */
    clear_usage: bool().optional(),
  })
  .transform(planAsPrice);

const cancellationDetails = () => z.strictObject({ comment: clearable(str(5000)).optional(), feedback: clearable(str(100)).optional() });

export const updateSubscriptionParams = z.strictObject({
  metadata: metadata().optional(),
  cancellation_details: cancellationDetails().optional(),
  cancel_at_period_end: bool().optional(),
  cancel_at: clearable(int({ min: 0 })).optional(),
  default_payment_method: clearable(str(255)).optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  items: list(updateItem, 20).optional(),
  proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
  proration_date: int({ min: 0 }).optional(),
  /** Replaces the subscription's discounts; `{ discount }` keeps one of its own, "" removes them all. */
  discounts: discounts().optional(),
  /** The tax rates of its next invoices' lines that have none of their own; "" removes them. */
  default_tax_rates: taxRates().optional(),
  payment_behavior: z.enum(PAYMENT_BEHAVIORS).optional(),
  /** Whether the customer is away while an invoice the update makes is charged. */
  off_session: bool().optional(),
  trial_settings: trialSettings().optional(),
  pause_collection: clearable(z.strictObject({ behavior: z.enum(PAUSE_BEHAVIORS), resumes_at: int({ min: 0 }).optional() })).optional(),
  description: clearable(str(500)).optional(),
  payment_settings: paymentSettingsParam().optional(),
});

export const cancelSubscriptionParams = z.strictObject({
  invoice_now: bool().optional(),
  prorate: bool().optional(),
  cancellation_details: cancellationDetails().optional(),
});

const RESUME_ANCHORS = ['now', 'unchanged'] as const;

export const resumeSubscriptionParams = z.strictObject({
  /** `now` or `unchanged`; newer API versions send it as `{ type }`. */
  billing_cycle_anchor: z.union([z.enum(RESUME_ANCHORS), z.strictObject({ type: z.enum(RESUME_ANCHORS) })]).optional(),
  payment_behavior: z.enum(['resume_on_payment_attempt', 'resume_on_payment_success']).optional(),
  proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
  proration_date: int({ min: 0 }).optional(),
});

export const listSubscriptionsParams = z.strictObject({
  ...pageParams,
  created: range().optional(),
  customer: str(255).optional(),
  price: str(255).optional(),
  /** The older name of `price`. */
  plan: str(255).optional(),
  status: z.enum([...STATUSES, 'all', 'ended']).optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
});

export const listSubscriptionItemsParams = z.strictObject({
  ...pageParams,
  subscription: str(255),
});

export type CreateSubscriptionParams = z.output<typeof createSubscriptionParams>;
export type UpdateSubscriptionParams = z.output<typeof updateSubscriptionParams>;
export type ResumeSubscriptionParams = z.output<typeof resumeSubscriptionParams>;
export type CancelSubscriptionParams = z.output<typeof cancelSubscriptionParams>;
export type ItemParam = z.output<typeof item>;
export type UpdateItemParam = z.output<typeof updateItem>;
export type ProrationBehavior = (typeof PRORATION_BEHAVIORS)[number];
export type MissingPaymentMethod = (typeof MISSING_PAYMENT_METHOD)[number];
export type PauseBehavior = (typeof PAUSE_BEHAVIORS)[number];

/** What subscriptions can be searched by (Stripe's query fields for subscriptions). */
export const subscriptionSearchFields: SearchFields = {
  created: { kind: 'number' },
  metadata: { kind: 'metadata' },
  status: { kind: 'token' },
};
