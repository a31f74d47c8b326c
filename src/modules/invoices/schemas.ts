import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, int, list, metadata, range, str } from '../../api/params.ts';
import type { SearchFields } from '../../search/query.ts';
import { customFields } from '../customers/schemas.ts';
import { currency } from '../prices/price-data.ts';

export const STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'] as const;

/** Stripe's discounts[]: each a coupon, a promotion code, or (`discount`) one of the object's own discounts to keep. */
export const discountsParam = () =>
  clearable(list(z.strictObject({ coupon: str(255).optional(), promotion_code: str(255).optional(), discount: str(255).optional() }), 20));
const discounts = discountsParam;
const taxRates = () => clearable(list(str(255), 5));

export const createInvoiceParams = z.strictObject({
  customer: str(255),
  /** Defaults to the first pending item's (when they are included), else the customer's. */
  currency: currency().optional(),
  auto_advance: bool().optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  due_date: int({ min: 1 }).optional(),
  description: str(1500).optional(),
  custom_fields: customFields().optional(),
  footer: str(5000).optional(),
  default_payment_method: str(255).optional(),
  default_tax_rates: taxRates().optional(),
  discounts: discounts().optional(),
  pending_invoice_items_behavior: z.enum(['include', 'exclude']).optional(),
  metadata: metadata().optional(),
});

export const updateInvoiceParams = z.strictObject({
  auto_advance: bool().optional(),
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  due_date: int({ min: 1 }).optional(),
  description: clearable(str(1500)).optional(),
  custom_fields: customFields().optional(),
  footer: clearable(str(5000)).optional(),
  default_payment_method: clearable(str(255)).optional(),
  default_tax_rates: taxRates().optional(),
  discounts: discounts().optional(),
  metadata: metadata().optional(),
});

export const listInvoicesParams = z.strictObject({
  ...pageParams,
  collection_method: z.enum(COLLECTION_METHODS).optional(),
  created: range().optional(),
  customer: str(255).optional(),
  status: z.enum(STATUSES).optional(),
  subscription: str(255).optional(),
});

export const finalizeInvoiceParams = z.strictObject({ auto_advance: bool().optional() });

export const payInvoiceParams = z.strictObject({
  paid_out_of_band: bool().optional(),
  payment_method: str(255).optional(),
  off_session: bool().optional(),
});

export type CreateInvoiceParams = z.output<typeof createInvoiceParams>;
export type UpdateInvoiceParams = z.output<typeof updateInvoiceParams>;
export type DiscountsParam = z.output<ReturnType<typeof discounts>>;
export type PayInvoiceParams = z.output<typeof payInvoiceParams>;

/** What invoices can be searched by: Stripe's query fields for invoices but `total` (computed when shown, not stored). */
export const invoiceSearchFields: SearchFields = {
  created: { kind: 'number' },
  currency: { kind: 'token' },
  customer: { kind: 'token' },
  metadata: { kind: 'metadata' },
  number: { kind: 'token', nullable: true },
  status: { kind: 'token' },
  subscription: { kind: 'token', nullable: true },
};
