import * as z from 'zod';
import { address, bool, clearable, int, list, metadata, notSupported, quantity, str } from '../../api/params.ts';
import { TAX_ID_TYPE_NAMES } from '../tax-ids/types.ts';
import { PRORATION_BEHAVIORS } from '../subscriptions/schemas.ts';
import { discountsParam } from './schemas.ts';

const previewItem = z.strictObject({
  id: str(255).optional(),
  price: str(255).optional(),
  quantity: quantity().optional(),
  deleted: bool().optional(),
  clear_usage: bool().optional(),
  metadata: metadata().optional(),
  tax_rates: clearable(list(str(255), 5)).optional(),
});

const ANCHORS = ['now', 'timestamp', 'unchanged'] as const;

/** A billing cycle anchor: `{ type, timestamp }` in the current API version; a time, `now` or `unchanged` in older ones. */
const billingCycleAnchor = () =>
  z.union([int({ min: 0 }), z.enum(['now', 'unchanged']), z.strictObject({ type: z.enum(ANCHORS), timestamp: int({ min: 0 }).optional() })]);

/** Who a preview is for, or what of an existing customer it overrides: shown on the preview as the invoice would show it. */
const customerDetails = () =>
  z.strictObject({
    address: clearable(address()).optional(),
    shipping: clearable(z.strictObject({ address: address(), name: str(200), phone: clearable(str(40)).optional() })).optional(),
    tax_exempt: clearable(z.enum(['none', 'exempt', 'reverse'])).optional(),
    tax_ids: list(z.strictObject({ type: z.enum(TAX_ID_TYPE_NAMES), value: str(100) }), 25).optional(),
    tax: notSupported('it serves automatic tax, and Bursar bills tax rates only.').optional(),
  });

/** What `POST /v1/invoices/create_preview` takes (the subset of Stripe's that Bursar bills). */
export const previewInvoiceParams = z.strictObject({
  customer: str(255).optional(),
  customer_details: customerDetails().optional(),
  subscription: str(255).optional(),
  subscription_details: z
    .strictObject({
      items: list(previewItem, 20).optional(),
      proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
      proration_date: int({ min: 0 }).optional(),
      cancel_at_period_end: bool().optional(),
      default_tax_rates: clearable(list(str(255), 5)).optional(),
      billing_cycle_anchor: billingCycleAnchor().optional(),
      trial_end: z.union([z.literal('now'), int({ min: 0 })]).optional(),
      start_date: int({ min: 0 }).optional(),
    })
    .optional(),
  discounts: discountsParam().optional(),
  automatic_tax: z.strictObject({ enabled: bool() }).optional(),
});

export type PreviewInvoiceParams = z.output<typeof previewInvoiceParams>;
export type CustomerDetailsParam = NonNullable<PreviewInvoiceParams['customer_details']>;
