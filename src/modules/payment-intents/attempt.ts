import { callRecordedSetup } from '../setup-intents/remote.ts';
import { scopeColumns, type Ctx } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import type { ChargeOutcome, ChargeRequest, Processor } from '../../processors/processor.ts';
import { recordEvent } from '../events/service.ts';
import { invoiceLinks } from '../invoices/links.ts';
import { toPaymentIntent } from './object.ts';
import type { InvoiceRow } from '../invoices/repository.ts';
import { findPaymentMethod, type PaymentMethodRow } from '../payment-methods/repository.ts';
import { findProcessorCustomerRef } from '../processor-customers/repository.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { callRecordedRefund } from '../refunds/attempt.ts';
import { cancelAfterCommit, cancelSupersededAttempt, isQueuedCancel } from './cancel-superseded.ts';
import { findAwaitingAction, findCharge, findIntentOfInvoice, findPaymentIntent, insertCharge, insertPaymentIntent, paymentInFlight, supersedeAwaitingAction, updatePaymentIntentRow, type ChargeRow, type PaymentIntentRow } from './repository.ts';
import { RECONCILE_AFTER_SECONDS, settleAttempt, type Settled } from './settle.ts';

/**
 * Charging in two phases (DESIGN "Money and the network"). Every attempt is a charge row
 * with its own idempotency key, recorded before the processor is called. An inline
 * processor (the test gateway) answers in-process, so it is called in the caller's
 * transaction and its answer settles there. A remote one never is: the attempt commits with
 * the caller's transaction, and the caller calls the processor after commit (`ctx.remoteCharges`
 * lists the attempts to call; `callRecordedAttempts`) and settles each answer in a transaction of its own.
 */

/** The invoice's payment intent (created on its first use), asking for `amount` with `method`. */
export async function intentForInvoice(ctx: Ctx, invoice: InvoiceRow, amount: number, method: string | null): Promise<PaymentIntentRow> {
  const found = await findIntentOfInvoice(ctx.db, ctx.scope, invoice.id);
  if (found) {
    if (found.amount === amount && (method === null || found.payment_method === method)) return found;
    return updatePaymentIntentRow(ctx.db, ctx.scope, found.id, { amount, ...(method !== null && { payment_method: method }) });
  }
  const id = newId('pi');
  const created = await insertPaymentIntent(ctx.db, {
    id,
    ...scopeColumns(ctx.scope),
    created: ctx.clock.now(),
    customer: invoice.customer,
    invoice: invoice.id,
    invoice_payment: `inpay_${id.slice(3)}`,
    amount,
    amount_received: 0,
    currency: invoice.currency,
    status: method === null ? 'requires_payment_method' : 'requires_confirmation',
    payment_method: method,
    description: invoice.number === null ? null : `Invoice ${invoice.number}`,
    metadata: '{}',
  });
  await recordEvent(ctx, 'payment_intent.created', await toPaymentIntent(ctx, created));
  return created;
}

/** Bursar's ids, kept with the processor's payment so a webhook about it finds its way back. */
export const bursarMetadata = (charge: ChargeRow): Record<string, string> => ({
  bursar_charge: charge.id,
  bursar_payment_intent: charge.payment_intent,
  ...(charge.invoice !== null && { bursar_invoice: charge.invoice }),
  ...(charge.customer !== null && { bursar_customer: charge.customer }),
});

/** The request an attempt sends, rebuilt the same from its row each time it is asked about. */
export async function chargeRequestOf(ctx: Ctx, charge: ChargeRow, intent: PaymentIntentRow): Promise<ChargeRequest> {
  const method = charge.payment_method === null ? undefined : await findPaymentMethod(ctx.db, ctx.scope, charge.payment_method);
  // The processor's customer the card is attached to (Stripe refuses the card without it). Only
  // the kept ref is read: making one is a network call, and a card saved at the processor made it.
  const customerRef = charge.customer === null ? undefined : await findProcessorCustomerRef(ctx.db, ctx.scope, charge.customer, charge.processor);
  return {
    idempotencyKey: charge.idempotency_key,
    amount: charge.amount,
    currency: charge.currency,
    customerRef: customerRef ?? null,
    methodRef: method?.gateway_card ?? '',
    offSession: charge.off_session === 1,
    returnUrl: intent.return_url ?? '',
    description: intent.description ?? undefined,
    metadata: bursarMetadata(charge),
  };
}

export interface AttemptInput {
  invoice: InvoiceRow;
  amount: number;
  method: PaymentMethodRow;
  /** The customer is not there to authenticate (a renewal, a merchant's API call). */
  offSession: boolean;
  /** Where the customer comes back after authenticating; the hosted invoice page when unset. */
  returnUrl?: string | undefined;
}

/** A recorded attempt, and the processor's answer when it was called already (inline). */
export interface Attempt {
  charge: ChargeRow;
  intent: PaymentIntentRow;
  settled: Settled | null;
}

/** Asks the processor, turning a thrown fault into what it is: an unknown outcome. */
async function ask(processor: Processor, call: 'charge' | 'reconcileCharge', req: ChargeRequest): Promise<ChargeOutcome> {
  try {
    return await processor[call](req);
  } catch (error) {
    return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Calls the processor about a recorded attempt outside any transaction (`charge` the first
 * time, `reconcileCharge` when asking again, with the same key) and settles the answer in a
 * transaction of its own.
 */
export async function callRecordedAttempt(ctx: Ctx, id: string, call: 'charge' | 'reconcileCharge'): Promise<Settled> {
  const charge = await findCharge(ctx.db, ctx.scope, id);
  if (!charge) throw BursarError.internal(`The attempt ${id} is not recorded.`);
  const intent = (await findPaymentIntent(ctx.db, ctx.scope, charge.payment_intent))!;
  const processor = await processorFor(ctx);
  const outcome = await ask(processor, call, await chargeRequestOf(ctx, charge, intent));
  return inTransaction(ctx.db, (trx) => settleAttempt({ ...ctx, db: trx }, charge, outcome));
}

/**
 * Calls the processor about each attempt a committed transaction recorded (its
 * `ctx.remoteCharges`): charges, refunds (`re_…`, refunds/attempt.ts), setups (`seti_…`,
 * setup-intents/remote.ts) and cancels of the attempts charges superseded
 * (cancel-superseded.ts). Answers the
 * charges' outcomes; a refund's is on its row.
 */
export async function callRecordedAttempts(ctx: Ctx, ids: readonly string[]): Promise<Settled[]> {
  const settled: Settled[] = [];
  for (const id of ids) {
    if (id.startsWith('re_')) await callRecordedRefund(ctx, id);
    else if (id.startsWith('seti_')) await callRecordedSetup(ctx, id);
    else if (isQueuedCancel(id)) await cancelSupersededAttempt(ctx, id);
    else settled.push(await callRecordedAttempt(ctx, id, 'charge'));
  }
  return settled;
}

/**
 * Records an attempt to charge an invoice with its own idempotency key, and charges it:
 * at once through an inline processor, after commit through a remote one. One attempt at a
 * time: a second is refused while one may still end either way.
 */
export async function attemptInvoicePayment(ctx: Ctx, input: AttemptInput): Promise<Attempt> {
  const { invoice, amount, method } = input;
  if (await paymentInFlight(ctx.db, ctx.scope, invoice.id)) {
    throw BursarError.invalid(`Invoice ${invoice.id} has a payment in progress; its outcome is being confirmed with the payment processor.`, undefined, 'invoice_payment_in_progress');
  }
  const processor = await processorFor(ctx);
  // A remote processor keeps a payment awaiting authentication open, and completed later it
  // charges: paying again with the same card sends the customer to finish that one instead.
  const awaiting = processor.inline ? undefined : await findAwaitingAction(ctx.db, ctx.scope, invoice.id, method.id);
  if (awaiting && awaiting.amount === amount && awaiting.processor_ref !== null) {
    const intent = (await findPaymentIntent(ctx.db, ctx.scope, awaiting.payment_intent))!;
    return { charge: awaiting, intent, settled: { charge: awaiting, outcome: { status: 'requires_action', ref: awaiting.processor_ref, actionUrl: '' }, applied: false } };
  }
  const wallNow = (ctx.wallClock ?? ctx.clock).now();
  const superseded = await supersedeAwaitingAction(ctx.db, ctx.scope, invoice.id, processor.inline ? null : wallNow + RECONCILE_AFTER_SECONDS);
  const returnUrl = input.returnUrl ?? (await invoiceLinks(ctx, invoice)).hosted_invoice_url;
  let intent = await intentForInvoice(ctx, invoice, amount, method.id);
  if (intent.return_url !== returnUrl) intent = await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, { return_url: returnUrl });
  const id = newId('ch');
  const charge = await insertCharge(ctx.db, {
    id,
    ...scopeColumns(ctx.scope),
    created: ctx.clock.now(),
    payment_intent: intent.id,
    invoice: invoice.id,
    customer: invoice.customer,
    amount,
    currency: invoice.currency,
    payment_method: method.id,
    status: 'pending',
    idempotency_key: `bursar_${id}`,
    processor: processor.kind,
    off_session: input.offSession ? 1 : 0,
    // Should the caller never come back with an answer (a crash), the reconciliation job asks.
    check_after: processor.inline ? null : wallNow + RECONCILE_AFTER_SECONDS,
    metadata: '{}',
  });
  if (processor.inline) {
    const outcome = await ask(processor, 'charge', await chargeRequestOf(ctx, charge, intent));
    return { charge, intent, settled: await settleAttempt(ctx, charge, outcome) };
  }
  let settled: Settled | null = null;
  if (!ctx.db.isTransaction) settled = await callRecordedAttempt(ctx, charge.id, 'charge');
  else {
    if (!ctx.remoteCharges) throw BursarError.internal('A remote payment processor cannot be called inside this transaction.');
    ctx.remoteCharges.push(charge.id);
    await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, { status: 'processing' });
  }
  // After the new attempt: a replaced one the customer had authenticated meanwhile is then recorded as an overpayment (settle.ts).
  for (const old of superseded) await cancelAfterCommit(ctx, old.id);
  return { charge, intent, settled };
}
