import type { Ctx } from '../../context.ts';
import type { ChargeOutcome } from '../../processors/processor.ts';
import { sealAtRest } from '../../secrets/at-rest.ts';
import { recordDispute } from '../disputes/record.ts';
import { changeBalance } from '../balance-transactions/service.ts';
import { findCustomer } from '../customers/repository.ts';
import { recordEvent } from '../events/service.ts';
import { recordInvoicePaid } from '../invoices/paid.ts';
import { transitionInvoice, type InvoiceRow } from '../invoices/repository.ts';
import { requireInvoice } from '../invoices/service.ts';
import { toInvoice } from '../invoices/view.ts';
import { startDunning } from '../subscriptions/past-due.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import { toCharge, toInvoicePayment, toPaymentIntent, type StoredPaymentError } from './object.ts';
import { chargesOfInvoice, findPaymentIntent, OVERPAID, transitionCharge, updatePaymentIntentRow, type ChargeRow, type PaymentIntentRow } from './repository.ts';

/** How long an attempt left without a sure answer waits before the reconciliation job asks again. */
export const RECONCILE_AFTER_SECONDS = 60;

/** What an attempt was before each outcome may apply: an attempt moves forward only, so an answer applies once. */
const FROM: Record<ChargeOutcome['status'], readonly string[]> = {
  unknown: ['pending'],
  requires_action: ['pending', 'unknown'],
  processing: ['pending', 'unknown', 'requires_action'],
  // superseded: the customer authenticated a replaced attempt before its cancel reached the processor.
  succeeded: ['pending', 'unknown', 'requires_action', 'processing', 'superseded'],
  failed: ['pending', 'unknown', 'requires_action', 'processing'],
};

const PAYABLE = ['open', 'uncollectible'];

export interface Settled {
  charge: ChargeRow;
  outcome: ChargeOutcome;
  /** False when the attempt had already moved past this outcome (applied before): nothing changed. */
  applied: boolean;
}

/** The last payment error an attempt's failure leaves on its intent. */
export const paymentErrorOf = (charge: ChargeRow, outcome: Extract<ChargeOutcome, { status: 'failed' }>): StoredPaymentError => ({
  type: 'card_error',
  code: outcome.code,
  ...(outcome.declineCode !== null && { decline_code: outcome.declineCode }),
  message: outcome.message,
  charge: charge.id,
  payment_method: charge.payment_method,
});

/** A renewal the processor did not take (declined, or waiting for the customer): past_due, as Stripe does. */
async function renewalUnpaid(ctx: Ctx, invoice: InvoiceRow): Promise<void> {
  if (invoice.subscription === null || invoice.billing_reason !== 'subscription_cycle') return;
  const sub = await findSubscription(ctx.db, ctx.scope, invoice.subscription);
  if (sub && (sub.status === 'active' || sub.status === 'trialing') && sub.latest_invoice === invoice.id) await startDunning(ctx, sub.id, invoice.id, ctx.dunning);
}

async function succeeded(ctx: Ctx, charge: ChargeRow, intent: PaymentIntentRow, now: number): Promise<void> {
  const moved = await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, {
    status: 'succeeded', amount_received: charge.amount, latest_charge: charge.id, payment_method: charge.payment_method,
    last_payment_error: null, next_action_url: null, paid_at: now,
  });
  await recordEvent(ctx, 'charge.succeeded', await toCharge(ctx, charge));
  await recordEvent(ctx, 'payment_intent.succeeded', await toPaymentIntent(ctx, moved));
  if (moved.invoice === null) return;
  await recordEvent(ctx, 'invoice_payment.paid', toInvoicePayment(moved));
  const invoice = await requireInvoice(ctx, moved.invoice);
  // The money came in even if the invoice moved on meanwhile (voided): the charge records it.
  const paid = await transitionInvoice(ctx.db, ctx.scope, invoice.id, PAYABLE, { status: 'paid', paid_at: now, amount_paid: invoice.amount_paid + charge.amount });
  if (!paid) return;
  const object = await toInvoice(ctx, paid);
  await recordEvent(ctx, 'invoice.payment_succeeded', object);
  await recordInvoicePaid(ctx, object, charge.payment_method);
}

async function failed(ctx: Ctx, charge: ChargeRow, intent: PaymentIntentRow, outcome: Extract<ChargeOutcome, { status: 'failed' }>): Promise<void> {
  const moved = await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, {
    status: 'requires_payment_method', latest_charge: charge.id, last_payment_error: JSON.stringify(paymentErrorOf(charge, outcome)), next_action_url: null,
  });
  await recordEvent(ctx, 'charge.failed', await toCharge(ctx, charge));
  await recordEvent(ctx, 'payment_intent.payment_failed', await toPaymentIntent(ctx, moved));
  if (moved.invoice === null) return;
  const invoice = await requireInvoice(ctx, moved.invoice);
  await recordEvent(ctx, 'invoice.payment_failed', await toInvoice(ctx, invoice));
  await renewalUnpaid(ctx, invoice);
}

/** `actionUrl` empty: the processor did not say where (a webhook without it); the link kept stays. */
async function requiresAction(ctx: Ctx, intent: PaymentIntentRow, actionUrl: string): Promise<void> {
  const moved = await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, { status: 'requires_action', ...(actionUrl !== '' && { next_action_url: sealAtRest(ctx.db, actionUrl) }) });
  await recordEvent(ctx, 'payment_intent.requires_action', await toPaymentIntent(ctx, moved));
  if (moved.invoice === null) return;
  const invoice = await requireInvoice(ctx, moved.invoice);
  await recordEvent(ctx, 'invoice.payment_action_required', await toInvoice(ctx, invoice));
  await renewalUnpaid(ctx, invoice);
}

/**
 * Whether money an attempt took pays more than its invoice asks: another attempt of the invoice
 * succeeded already, or it was replaced (superseded, authenticated before its cancel reached the
 * processor) and the invoice is settled otherwise. An invoice has one succeeded attempt.
 */
async function overpays(ctx: Ctx, charge: ChargeRow): Promise<boolean> {
  if (charge.invoice === null) return false;
  const attempts = await chargesOfInvoice(ctx.db, ctx.scope, charge.invoice);
  if (attempts.some((a) => a.id !== charge.id && a.status === 'succeeded')) return true;
  return attempts.find((a) => a.id === charge.id)?.status === 'superseded' && !PAYABLE.includes((await requireInvoice(ctx, charge.invoice)).status);
}

/**
 * Money that came in for an invoice already paid is recorded, never ignored: the attempt is
 * `overpaid` (its charge shows succeeded) and the amount credited to the customer's balance, as
 * Stripe credits an invoice paid twice (`invoice_overpaid`), to pay their next invoices.
 */
async function overpaid(ctx: Ctx, charge: ChargeRow, outcome: Extract<ChargeOutcome, { status: 'succeeded' }>): Promise<Settled> {
  const moved = await transitionCharge(ctx.db, ctx.scope, charge.id, FROM.succeeded, { status: OVERPAID, processor_ref: outcome.ref, check_after: null });
  if (!moved) return { charge, outcome, applied: false };
  await recordEvent(ctx, 'charge.succeeded', await toCharge(ctx, moved));
  const invoice = await requireInvoice(ctx, moved.invoice!);
  const customer = invoice.customer === null ? undefined : await findCustomer(ctx.db, ctx.scope, invoice.customer);
  const description = `Overpayment of invoice ${invoice.number ?? invoice.id} (charge ${moved.id})`;
  if (customer) await changeBalance(ctx, customer, { type: 'invoice_overpaid', amount: -moved.amount, currency: moved.currency, invoice: invoice.id, description });
  return { charge: moved, outcome, applied: true };
}

/**
 * Applies a processor's answer about an attempt to the attempt, its payment intent, its
 * invoice and the subscription that invoice bills, with their events, in the caller's
 * transaction. An answer already applied (or overtaken) changes nothing.
 */
export async function settleAttempt(ctx: Ctx, charge: ChargeRow, outcome: ChargeOutcome): Promise<Settled> {
  const now = ctx.clock.now();
  const wallNow = (ctx.wallClock ?? ctx.clock).now();
  if (outcome.status === 'succeeded' && (await overpays(ctx, charge))) return overpaid(ctx, charge, outcome);
  const ref = 'ref' in outcome ? outcome.ref : null;
  const moved = await transitionCharge(ctx.db, ctx.scope, charge.id, FROM[outcome.status], {
    status: outcome.status,
    ...(ref !== null && { processor_ref: ref }),
    ...(outcome.status === 'failed' && { failure_code: outcome.code, failure_message: outcome.message, decline_code: outcome.declineCode }),
    // Only an attempt without a sure answer is asked about again.
    check_after: outcome.status === 'unknown' ? wallNow + RECONCILE_AFTER_SECONDS : null,
  });
  if (!moved) return { charge, outcome, applied: false };
  const intent = (await findPaymentIntent(ctx.db, ctx.scope, moved.payment_intent))!;
  switch (outcome.status) {
    case 'succeeded':
      await succeeded(ctx, moved, intent, now);
      // A test card that draws a dispute: recorded with the charge, as Stripe's test cards do.
      if (outcome.dispute) await recordDispute(ctx, moved, { ref: `${outcome.ref}_dispute`, amount: moved.amount, currency: moved.currency, ...outcome.dispute });
      break;
    case 'failed':
      await failed(ctx, moved, intent, outcome);
      break;
    case 'requires_action':
      await requiresAction(ctx, intent, outcome.actionUrl);
      break;
    case 'processing':
    case 'unknown':
      await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, { status: 'processing' });
      break;
  }
  return { charge: moved, outcome, applied: true };
}
