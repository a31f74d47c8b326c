import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { requireChargeable } from '../../billing/amount-limit.ts';
import { newId } from '../../kit/ids.ts';
import { chargeTestCard } from '../../processors/test/test-gateway.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { findCustomer } from '../customers/repository.ts';
import type { InvoiceObject } from './object.ts';
import { insertPayment, type InvoiceRow } from './repository.ts';
import type { PayInvoiceParams } from './schemas.ts';
import { requireInvoice } from './service.ts';
import { requireStatus } from './state.ts';
import { moveInvoice } from './transitions.ts';
import { loadInvoiceParts, toInvoice } from './view.ts';
import { recordInvoicePaid } from './paid.ts';

const PAYABLE = ['open', 'uncollectible'] as const;

/** The card to charge: the one given, else the invoice's default, else the customer's. */
async function paymentMethodFor(ctx: Ctx, row: InvoiceRow, given: string | undefined, customerDefault: string | null) {
  const id = given ?? row.default_payment_method ?? customerDefault;
  if (!id) {
    throw BursarError.invalid(
      `Invoice ${row.id} has no payment method to charge: pass payment_method, or set a default payment method on the invoice or its customer.`,
      'payment_method',
    );
  }
  return requireCustomerPaymentMethod(ctx, id, row.customer, 'payment_method');
}

/** Whether an invoice (or subscription) has a card to charge without one being named: its own default, else its customer's. */
export async function hasCardToCharge(ctx: Ctx, owner: { default_payment_method: string | null; customer: string }): Promise<boolean> {
  if (owner.default_payment_method !== null) return true;
  return ((await findCustomer(ctx.db, ctx.scope, owner.customer))?.default_payment_method ?? null) !== null;
}

export const hasPaymentMethod = async (ctx: Ctx, invoice: string) => hasCardToCharge(ctx, await requireInvoice(ctx, invoice));

/**
 * Pays an open (or uncollectible) invoice: charges a card through the test gateway, or
 * with paid_out_of_band records a payment made elsewhere. Only one request can move the
 * invoice to paid, and the payments table holds one succeeded attempt per invoice at most.
 */
export async function payInvoice(ctx: Ctx, id: string, p: PayInvoiceParams): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  requireStatus(row, PAYABLE, 'paid');
  const parts = await loadInvoiceParts(ctx, row);
  const amount = parts.totals.amount_due - row.amount_paid;
  requireChargeable(amount, row.currency);
  const now = ctx.clock.now();
  if (p.paid_out_of_band) {
    const moved = await moveInvoice(ctx, row, PAYABLE, 'paid', { status: 'paid', paid_at: now, paid_out_of_band: 1, amount_paid: parts.totals.amount_due });
    const object = await toInvoice(ctx, moved);
    await recordInvoicePaid(ctx, object);
    return object;
  }
  const pm = await paymentMethodFor(ctx, row, p.payment_method, parts.customer?.default_payment_method ?? null);
  const payment = { id: newId('py'), project_id: ctx.scope.projectId, livemode: ctx.scope.livemode ? 1 : 0, invoice: id, amount, currency: row.currency, payment_method: pm.id, created: now };
  const declined = chargeTestCard(pm.gateway_card, pm.id);
  if (declined) {
    await insertPayment(ctx.db, { ...payment, status: 'failed', decline_code: declined.declineCode ?? declined.code ?? null });
    const counted = await moveInvoice(ctx, row, PAYABLE, 'paid', {}, { countAttempt: true });
    await recordEvent(ctx, 'invoice.payment_failed', await toInvoice(ctx, counted));
    // The attempt, its count and its event are kept: the decline is a fact, not a bad request.
    throw declined.keepingChanges();
  }
  const paid = await moveInvoice(ctx, row, PAYABLE, 'paid', { status: 'paid', paid_at: now, amount_paid: parts.totals.amount_due }, { countAttempt: true });
  await insertPayment(ctx.db, { ...payment, status: 'succeeded', decline_code: null });
  const object = await toInvoice(ctx, paid);
  await recordEvent(ctx, 'invoice.payment_succeeded', object);
  await recordInvoicePaid(ctx, object);
  return object;
}
