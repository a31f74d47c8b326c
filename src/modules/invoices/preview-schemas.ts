import * as z from 'zod';
import { bool, clearable, int, list, metadata, quantity, str } from '../../api/params.ts';
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

/** What `POST /v1/invoices/create_preview` takes (the subset of Stripe's that Bursar bills). */
export const previewInvoiceParams = z.strictObject({
  customer: str(255).optional(),
  subscription: str(255).optional(),
  subscription_details: z
    .strictObject({
      items: list(previewItem, 20).optional(),
      proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
      proration_date: int({ min: 0 }).optional(),
      cancel_at_period_end: bool().optional(),
      default_tax_rates: clearable(list(str(255), 5)).optional(),
    })
    .optional(),
  discounts: discountsParam().optional(),
  automatic_tax: z.strictObject({ enabled: bool() }).optional(),
});

export type PreviewInvoiceParams = z.output<typeof previewInvoiceParams>;
