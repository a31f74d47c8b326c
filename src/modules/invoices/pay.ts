import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { requireChargeable } from '../../billing/amount-limit.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { findCustomer } from '../customers/repository.ts';
import type { InvoiceObject } from './object.ts';
import type { InvoiceRow } from './repository.ts';
import { attemptInvoicePayment } from '../payment-intents/attempt.ts';
import { toPaymentIntent } from '../payment-intents/object.ts';
import { toPaymentMethodObject } from '../payment-methods/object.ts';
import { findPaymentMethod } from '../payment-methods/repository.ts';
import { findPaymentIntent } from '../payment-intents/repository.ts';
import type { Settled } from '../payment-intents/settle.ts';
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
 * Pays an open (or uncollectible) invoice: charges a card through the project's processor
 * (payment-intents/attempt.ts), or with paid_out_of_band records a payment made elsewhere.
 * The attempt is counted on the invoice first, which also makes concurrent requests wait
 * their turn: only one can move the invoice to paid. A decline or a charge waiting for the
 * customer to authenticate is kept (its attempt, count and events) and answered as Stripe's
 * card error. With a remote processor the charge is made once the request's transaction
 * commits, and the invoice is answered as it then stands (`invoiceAfterPayment`).
 */
export async function payInvoice(ctx: Ctx, id: string, p: PayInvoiceParams & { return_url?: string }): Promise<InvoiceObject> {
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
  const counted = await moveInvoice(ctx, row, PAYABLE, 'paid', {}, { countAttempt: true });
  const attempt = await attemptInvoicePayment(ctx, { invoice: counted, amount, method: pm, offSession: p.off_session ?? true, returnUrl: p.return_url });
  const error = attempt.settled && (await paymentError(ctx, attempt.settled));
  // The attempt, its count and its events are kept: a decline is a fact, not a bad request.
  if (error) throw error.keepingChanges();
  return toInvoice(ctx, await requireInvoice(ctx, id));
}

/** Stripe's message when an invoice's payment waits for the customer to authenticate. */
const REQUIRES_ACTION =
  'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice. For more details see: https://stripe.com/docs/billing/subscriptions/overview#requires-action';

/** The card error an attempt that did not pay answers with, or null when it paid (or has no answer yet). */
export async function paymentError(ctx: Ctx, settled: Settled): Promise<BursarError | null> {
  const { outcome, charge } = settled;
  if (outcome.status === 'failed') {
    // Stripe's card error carries the whole payment method that was declined.
    const method = charge.payment_method === null ? undefined : await findPaymentMethod(ctx.db, ctx.scope, charge.payment_method);
    return BursarError.card(outcome.message, outcome.code, outcome.declineCode ?? undefined, method ? { payment_method: toPaymentMethodObject(method) } : {});
  }
  if (outcome.status === 'requires_action') {
    const intent = (await findPaymentIntent(ctx.db, ctx.scope, charge.payment_intent))!;
    return BursarError.card(REQUIRES_ACTION, 'invoice_payment_intent_requires_action', undefined, { payment_intent: await toPaymentIntent(ctx, intent) });
  }
  return null;
}

/** A pay request's answer once its remote charges were made: the invoice, or the card error of its attempt. */
export async function invoiceAfterPayment(ctx: Ctx, invoice: InvoiceObject, settled: readonly Settled[]): Promise<InvoiceObject> {
  const last = settled.at(-1);
  const error = last && (await paymentError(ctx, last));
  if (error) throw error;
  return toInvoice(ctx, await requireInvoice(ctx, invoice.id));
}
