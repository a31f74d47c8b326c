import * as z from 'zod';
import { bool, clearable, int, list, metadata, quantity, str } from '../../api/params.ts';
import { unsupported } from '../../api/unsupported.ts';
import { PAYMENT_BEHAVIORS, PRORATION_BEHAVIORS } from './schemas.ts';

// `/v1/subscription_items`: each call is a subscription update with one entry of items[].

/** How the change is billed, as on a subscription update. */
const billing = {
  proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
  proration_date: int({ min: 0 }).optional(),
  payment_behavior: z.enum(PAYMENT_BEHAVIORS).optional(),
};

/** What an item is made of; `plan` is the older name of its price. */
const fields = {
  price: str(255).optional(),
  plan: str(255).optional(),
  quantity: quantity().optional(),
  metadata: metadata().optional(),
  tax_rates: clearable(list(str(255), 5)).optional(),
  price_data: unsupported('price_data', 'create the price with POST /v1/prices and pass its id as price'),
  discounts: unsupported('discounts', 'discounts apply to the whole subscription (subscriptions.update discounts[])'),
  billing_thresholds: unsupported('billing_thresholds', 'usage thresholds need metered billing'),
  current_trial: unsupported('current_trial', 'trial offers are not available; use trial_end on the subscription'),
};

export const createSubscriptionItemParams = z.strictObject({
  subscription: str(255),
  ...fields,
  ...billing,
});

export const updateSubscriptionItemParams = z.strictObject({
  ...fields,
  ...billing,
  /** Whether the customer is away while an invoice the change makes is charged. */
  off_session: bool().optional(),
});

export const deleteSubscriptionItemParams = z.strictObject({
  ...billing,
  /** Licensed items have no usage to clear: accepted, as on a subscription update. */
  clear_usage: bool().optional(),
});

export type CreateSubscriptionItemParams = z.output<typeof createSubscriptionItemParams>;
export type UpdateSubscriptionItemParams = z.output<typeof updateSubscriptionItemParams>;
export type DeleteSubscriptionItemParams = z.output<typeof deleteSubscriptionItemParams>;
