import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, clearable, count, list, metadata, range, str } from '../../api/params.ts';

export const CREDIT_NOTE_REASONS = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'] as const;

/** A line: part of an invoice line (by quantity or amount), or a custom amount. Which fields fit which type is checked by plan.ts. */
const line = z.strictObject({
  type: z.enum(['invoice_line_item', 'custom_line_item']),
  invoice_line_item: str(255).optional(),
  quantity: count(1).optional(),
  amount: amount().optional(),
  unit_amount: amount().optional(),
  description: str(5000).optional(),
  metadata: metadata().optional(),
});

/** An existing refund the credit note accounts for (Stripe's `refunds[]`; PaymentRecord refunds are not kept). */
const linkedRefund = z.strictObject({
  type: z.enum(['refund']).optional(),
  refund: str(255).optional(),
  amount_refunded: amount(1).optional(),
});

/** What create and preview take alike. */
export const creditNoteFields = {
  invoice: str(255),
  amount: amount().optional(),
  lines: list(line, 100).optional(),
  credit_amount: amount().optional(),
  out_of_band_amount: amount().optional(),
  refund_amount: amount().optional(),
  refunds: list(linkedRefund, 20).optional(),
  reason: z.enum(CREDIT_NOTE_REASONS).optional(),
  memo: str(5000).optional(),
  metadata: metadata().optional(),
  effective_at: count(0).optional(),
};

export const createCreditNoteParams = z.strictObject(creditNoteFields);

export const previewCreditNoteParams = z.strictObject(creditNoteFields);

export const previewCreditNoteLinesParams = z.strictObject({ ...creditNoteFields, ...pageParams });

export const updateCreditNoteParams = z.strictObject({
  memo: clearable(str(5000)).optional(),
  metadata: metadata().optional(),
});

export const listCreditNotesParams = z.strictObject({
  ...pageParams,
  created: range().optional(),
  customer: str(255).optional(),
  invoice: str(255).optional(),
});

export const listCreditNoteLinesParams = z.strictObject({ ...pageParams });

export type CreditNoteParams = z.output<typeof createCreditNoteParams>;
export type CreditNoteLineParam = z.output<typeof line>;
export type UpdateCreditNoteParams = z.output<typeof updateCreditNoteParams>;
