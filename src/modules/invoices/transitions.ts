import type { Ctx } from '../../context.ts';
import { cancelInvoiceIntent } from '../payment-intents/cancel.ts';
import type { Updateable } from 'kysely';
import type { InvoicesTable } from '../../db/schema.ts';
import { recordEvent } from '../events/service.ts';
import { findCustomer, setCustomerCurrency } from '../customers/repository.ts';
import { changeBalance } from '../balance-transactions/service.ts';
import type { InvoiceObject } from './object.ts';
import { nextInvoiceNumber, transitionInvoice, type InvoiceRow } from './repository.ts';
import { requireInvoice } from './service.ts';
import { requireStatus } from './state.ts';
import { requireChargeable } from '../../billing/amount-limit.ts';
import { loadInvoiceParts, toInvoice } from './view.ts';
import { toInvoiceObject } from './object.ts';
import { recordInvoicePaid } from './paid.ts';
import { invoiceLinkHash, invoiceLinks } from './links.ts';

const DAY = 86_400;
/** Stripe's due date when a send_invoice invoice names none. */
const DEFAULT_DAYS_UNTIL_DUE = 30;

/**
 * Moves an invoice on from one of `from`; a request that lost a race (the status
 * changed since it read the row) gets the same 400 as one that came too late.
 */
export async function moveInvoice(
  ctx: Ctx,
  row: InvoiceRow,
  from: readonly string[],
  action: string,
  patch: Updateable<InvoicesTable>,
  options: { countAttempt?: boolean } = {},
): Promise<InvoiceRow> {
  requireStatus(row, from, action);
  const moved = await transitionInvoice(ctx.db, ctx.scope, row.id, from, patch, options);
  if (moved) return moved;
  requireStatus(await requireInvoice(ctx, row.id), from, action);
  throw new Error(`invoice ${row.id} changed status during ${action}`);
}

/**
 * Finalizes a draft: numbers it, fixes its due date and the customer balance it uses,
 * and marks it paid at once when nothing is due.
 */
export async function finalizeInvoice(ctx: Ctx, id: string, p: { auto_advance?: boolean | undefined } = {}): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  requireStatus(row, ['draft'], 'finalized');
  const parts = await loadInvoiceParts(ctx, row);
  requireChargeable(parts.totals.amount_due, row.currency);
  const now = ctx.clock.now();
  const sequence = await nextInvoiceNumber(ctx.db, ctx.scope);
  const prefix = parts.customer?.invoice_prefix ?? 'INV';
  const settled = parts.totals.amount_due === 0;
  const dueDate = row.collection_method === 'send_invoice' ? (row.due_date ?? now + (row.days_until_due ?? DEFAULT_DAYS_UNTIL_DUE) * DAY) : null;
  const moved = await moveInvoice(ctx, row, ['draft'], 'finalized', {
    status: settled ? 'paid' : 'open',
    number: `${prefix}-${String(sequence).padStart(4, '0')}`,
    finalized_at: now,
    due_date: dueDate,
    starting_balance: parts.totals.starting_balance,
    // As Stripe: a finalized invoice keeps the tax IDs it was issued with.
    customer_tax_ids: JSON.stringify(parts.customerTaxIds),
    link_hash: await invoiceLinkHash(ctx.db, row.id),
    ...(settled && { paid_at: now }),
    ...(p.auto_advance !== undefined && { auto_advance: p.auto_advance ? 1 : 0 }),
  });
  // Once final, the invoice uses the balance (a credit is used up, a debt is billed), or adds
  // what is left of a negative total to it: one `applied_to_invoice` transaction, as in Stripe.
  const applied = parts.totals.ending_balance - parts.totals.starting_balance;
  if (parts.customer && applied !== 0) {
    await changeBalance(ctx, parts.customer, { type: 'applied_to_invoice', amount: applied, currency: row.currency, invoice: row.id });
  } else if (parts.customer?.currency === null) {
    await setCustomerCurrency(ctx.db, ctx.scope, parts.customer.id, row.currency);
  }
  const object = toInvoiceObject({ ...parts, row: moved, links: await invoiceLinks(ctx, moved) });
  await recordEvent(ctx, 'invoice.finalized', object);
  if (settled) await recordInvoicePaid(ctx, object);
  return object;
}

/** Voids an open or uncollectible invoice; the balance it used goes back to the customer (`unapplied_from_invoice`). */
export async function voidInvoice(ctx: Ctx, id: string): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  const moved = await moveInvoice(ctx, row, ['open', 'uncollectible'], 'voided', { status: 'void', voided_at: ctx.clock.now() });
  const object = await toInvoice(ctx, moved);
  const used = (object.ending_balance ?? 0) - object.starting_balance;
  const customer = used === 0 ? undefined : await findCustomer(ctx.db, ctx.scope, row.customer);
  if (customer) await changeBalance(ctx, customer, { type: 'unapplied_from_invoice', amount: -used, currency: row.currency, invoice: row.id });
  await cancelInvoiceIntent(ctx, id);
  await recordEvent(ctx, 'invoice.voided', object);
  return object;
}

/** An uncollectible invoice stays payable: the customer may still pay it. */
export async function markInvoiceUncollectible(ctx: Ctx, id: string): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  const moved = await moveInvoice(ctx, row, ['open'], 'marked uncollectible', { status: 'uncollectible', marked_uncollectible_at: ctx.clock.now() });
  const object = await toInvoice(ctx, moved);
  await recordEvent(ctx, 'invoice.marked_uncollectible', object);
  return object;
}
