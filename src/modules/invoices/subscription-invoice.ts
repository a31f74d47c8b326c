import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { InvoiceItemsTable } from '../../db/schema.ts';
import { newId } from '../../kit/ids.ts';
import type { Period } from '../../billing/periods.ts';
import { recordEvent } from '../events/service.ts';
import { claimPendingItems, insertInvoiceItem } from '../invoice-items/repository.ts';
import type { StoredDiscount } from './discounts.ts';
import { insertInvoice, type InvoiceRow } from './repository.ts';
import { toInvoice } from './view.ts';
import { invoiceTextColumns } from './customer-texts.ts';
import { findCustomer } from '../customers/repository.ts';

/** One line a subscription bills: a price at a quantity for a period. */
export interface SubscriptionLine {
  subscription_item: string;
  price: string;
  product: string;
  unit_amount: number;
  quantity: number;
  amount: number;
  description: string;
  period: Period;
  tax_rates: readonly string[];
}

export interface SubscriptionInvoiceInput {
  customer: string;
  subscription: string;
  currency: string;
  billing_reason: 'subscription_create' | 'subscription_update' | 'subscription_cycle';
  collection_method: string;
  days_until_due: number | null;
  default_payment_method: string | null;
  default_tax_rates: readonly string[];
  /** The subscription's discounts, redeemed when it took them: not redeemed again. */
  discounts: readonly StoredDiscount[];
  lines: readonly SubscriptionLine[];
  /** Also bill the subscription's pending items (its prorations). */
  includePending?: boolean;
  /** false: the draft waits, not finalized by itself (collection paused, or an unpaid subscription). */
  auto_advance?: boolean;
}

/** The invoice item a subscription line becomes on invoice `invoice` (a preview's lines too). */
export function subscriptionLineItem(ctx: Ctx, input: Pick<SubscriptionInvoiceInput, 'customer' | 'currency'> & { subscription: string | null }, invoice: string | null, line: SubscriptionLine, now: number): Insertable<InvoiceItemsTable> {
  return {
    id: newId('ii'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    customer: input.customer,
    invoice,
    line_id: newId('il'),
    amount: line.amount,
    currency: input.currency,
    description: line.description,
    period_start: line.period.start,
    period_end: line.period.end,
    discountable: 1,
    tax_rates: JSON.stringify(line.tax_rates),
    price: line.price,
    product: line.product,
    quantity: line.quantity,
    unit_amount_decimal: String(line.unit_amount),
    subscription: input.subscription,
    subscription_item: line.subscription_item,
    metadata: '{}',
  };
}

type DraftInput = Pick<
  SubscriptionInvoiceInput,
  'customer' | 'currency' | 'collection_method' | 'days_until_due' | 'default_payment_method' | 'default_tax_rates' | 'discounts' | 'auto_advance'
> & { subscription: string | null; billing_reason: string };

/** The columns of a fresh draft subscription invoice, stored or (for a preview) not. */
export function draftColumns(input: DraftInput) {
  return {
    customer: input.customer,
    subscription: input.subscription,
    billing_reason: input.billing_reason,
    status: 'draft',
    number: null,
    currency: input.currency,
    collection_method: input.collection_method,
    days_until_due: input.collection_method === 'send_invoice' ? input.days_until_due : null,
    due_date: null,
    auto_advance: input.auto_advance === false ? 0 : 1,
    description: null,
    default_payment_method: input.default_payment_method,
    default_tax_rates: JSON.stringify(input.default_tax_rates),
    discounts: JSON.stringify(input.discounts),
    starting_balance: null,
    amount_paid: 0,
    attempt_count: 0,
    paid_out_of_band: 0,
    metadata: '{}',
  };
}

/** A draft invoice for a subscription, with its lines; the caller finalizes and collects it. */
export async function createSubscriptionInvoice(ctx: Ctx, input: SubscriptionInvoiceInput): Promise<InvoiceRow> {
  const now = ctx.clock.now();
  const scoped = { project_id: ctx.scope.projectId, livemode: ctx.scope.livemode ? 1 : 0, created: now };
  const row = await insertInvoice(ctx.db, {
    id: newId('in'),
    ...scoped,
    ...draftColumns(input),
    ...invoiceTextColumns(await findCustomer(ctx.db, ctx.scope, input.customer)),
  });
  if (input.includePending) {
    await claimPendingItems(ctx.db, ctx.scope, { subscription: input.subscription }, row.id);
    // A renewal is the customer's next invoice: it also bills their items of no subscription, as Stripe's does.
    if (input.billing_reason === 'subscription_cycle') await claimPendingItems(ctx.db, ctx.scope, { customer: input.customer, currency: input.currency, unattached: true }, row.id);
  }
  for (const line of input.lines) await insertInvoiceItem(ctx.db, subscriptionLineItem(ctx, input, row.id, line, now));
  await recordEvent(ctx, 'invoice.created', await toInvoice(ctx, row));
  return row;
}
