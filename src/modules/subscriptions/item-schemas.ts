import * as z from 'zod';
import { bool, clearable, int, list, metadata, notSupported, quantity, str } from '../../api/params.ts';
import { itemPriceData } from '../prices/price-data.ts';
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
  price_data: itemPriceData().optional(),
  discounts: notSupported('discounts apply to the whole subscription (subscriptions.update discounts[]).').optional(),
  billing_thresholds: notSupported('usage thresholds need metered billing.').optional(),
  current_trial: notSupported('trial offers are not available; use trial_end on the subscription.').optional(),
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
