import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { InvoiceItemsTable } from '../../db/schema.ts';
import { newId } from '../../kit/ids.ts';
import type { InvoiceItemRow } from '../invoice-items/repository.ts';
import type { StoredDiscount } from './discounts.ts';
import { toInvoiceObject, type InvoiceObject } from './object.ts';
import type { InvoiceRow } from './repository.ts';
import { invoicePartsOf } from './view.ts';
import { draftColumns } from './subscription-invoice.ts';
import type { Period } from '../../billing/periods.ts';
import type { PauseBehavior } from '../subscriptions/schemas.ts';
import { invoiceTextColumns } from './customer-texts.ts';
import { findCustomer } from '../customers/repository.ts';

/** An invoice that would be made, and is not: nothing of it is stored. */
export interface PreviewInput {
  /** null: a preview for someone who is not a customer yet (create_preview with customer_details only). */
  customer: string | null;
  subscription: string | null;
  currency: string;
  billing_reason: string;
  /** When it would be created (and first attempted, if charged automatically). */
  created: number;
  /** The period it bills for, as Stripe shows it on the invoice. */
  period: Period;
  collection_method: string;
  days_until_due: number | null;
  default_payment_method: string | null;
  default_tax_rates: readonly string[];
  discounts: readonly StoredDiscount[];
  /** Its lines, stored pending items and lines made up for the preview alike. */
  items: readonly InvoiceItemRow[];
  /** How its subscription's paused collection will hold it back (collect.ts holdOf); null or unset: collected. */
  hold?: PauseBehavior | null;
}

/** An invoice object that, unlike a stored draft's, says when it would first be charged. */
export type PreviewObject = Omit<InvoiceObject, 'next_payment_attempt' | 'customer'> & { next_payment_attempt: number | null; customer: string | null };

/**
 * The invoice object of a preview, its totals from computeTotals like any invoice's.
 * Its id is Stripe's `upcoming_in_…` style: no invoice carries it, so none can be fetched.
 */
export async function previewObject(ctx: Ctx, input: PreviewInput): Promise<PreviewObject> {
  const id = `upcoming_${newId('in')}`;
  // Only the columns toInvoiceObject reads: a preview has no stored row.
  const row = {
    seq: 0,
    id,
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: input.created,
    // No customer id finds no customer: its details stay null.
    ...draftColumns({ ...input, customer: input.customer ?? '', auto_advance: input.hold !== 'keep_as_draft' }),
    // As the invoice it previews would take them: the customer's defaults.
    ...invoiceTextColumns(input.customer == null ? undefined : await findCustomer(ctx.db, ctx.scope, input.customer)),
    finalized_at: null,
    paid_at: null,
    voided_at: null,
    marked_uncollectible_at: null,
  } as InvoiceRow;
  const object = toInvoiceObject(await invoicePartsOf(ctx, row, [...input.items]));
  return {
    ...object,
    customer: input.customer,
    // A held invoice is never charged: kept as a draft, or finalized and then voided or marked uncollectible.
    next_payment_attempt: input.collection_method === 'charge_automatically' && !input.hold ? input.created : null,
    period_start: input.period.start,
    period_end: input.period.end,
  };
}

/** A line made up for a preview, shaped as the stored item it would become. */
export const previewItem = (values: Insertable<InvoiceItemsTable>): InvoiceItemRow =>
  ({ seq: 0, proration: 0, ...values }) as InvoiceItemRow;
