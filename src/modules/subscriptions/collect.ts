import type { Ctx } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import { BursarError } from '../../kit/errors.ts';
import { finalizeInvoice, markInvoiceUncollectible, voidInvoice } from '../invoices/transitions.ts';
import { hasPaymentMethod, paymentError, payInvoice } from '../invoices/pay.ts';
import { requireInvoice } from '../invoices/service.ts';
import { intentForInvoice } from '../payment-intents/attempt.ts';
import { findSubscription, transitionSubscription, type SubscriptionRow } from './repository.ts';
import type { Settled } from '../payment-intents/settle.ts';
import { recordMove } from './past-due.ts';
import { requireSubscription } from './service.ts';
import type { SubscriptionObject } from './object.ts';
import { toSubscription } from './view.ts';
import type { PauseBehavior } from './schemas.ts';

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete';

/** The same error, without keeping the request's writes: nothing of it commits. */
function rollingBack(error: BursarError): BursarError {
  const { status, type, message, code, param, declineCode, extra } = error;
  return new BursarError({ status, type, message, code, param, declineCode, extra });
}

/**
 * Finalizes a subscription's invoice and, when it charges automatically, charges it now.
 * A decline leaves the invoice open (allow_incomplete, the attempt kept) or undoes the
 * whole request (error_if_incomplete); default_incomplete does not charge at all (its
 * payment intent waits for the front end to confirm it), nor
 * does allow_incomplete without a card to charge (a trial that ended without one).
 * `offSession` says whether the customer is away (a 3-D Secure card then declines instead of
 * asking); unsaid, the invoice's own default applies.
 */
export async function collectSubscriptionInvoice(ctx: Ctx, invoice: string, collectionMethod: string, behavior: PaymentBehavior, offSession?: boolean): Promise<void> {
  const finalized = await finalizeInvoice(ctx, invoice);
  if (finalized.status !== 'open' || collectionMethod !== 'charge_automatically') return;
  // The front end confirms the payment itself, with the intent's client secret (invoice.confirmation_secret).
  if (behavior === 'default_incomplete') {
    await intentForInvoice(ctx, await requireInvoice(ctx, invoice), finalized.amount_remaining, null);
    return;
  }
  if (behavior === 'allow_incomplete' && !(await hasPaymentMethod(ctx, invoice))) return;
  try {
    await payInvoice(ctx, invoice, offSession === undefined ? {} : { off_session: offSession });
  } catch (error) {
    if (!(error instanceof BursarError && error.keepChanges)) throw error;
    if (behavior === 'error_if_incomplete') throw rollingBack(error);
  }
}

/**
 * How a new invoice of the subscription is held back instead of collected: as its
 * pause_collection says, and an unpaid subscription's stay drafts, as in Stripe. Null: collect.
 */
export function holdOf(sub: SubscriptionRow): PauseBehavior | null {
  if (sub.pause_behavior !== null) return sub.pause_behavior as PauseBehavior;
  return sub.status === 'unpaid' ? 'keep_as_draft' : null;
}

/** The hold of an invoice the subscription makes at `at`: a pause_collection resuming by then no longer holds it. */
export function holdAt(sub: SubscriptionRow, at: number): PauseBehavior | null {
  const resumed = sub.pause_resumes_at !== null && sub.pause_resumes_at <= at;
  return holdOf(resumed ? { ...sub, pause_behavior: null, pause_resumes_at: null } : sub);
}

/**
 * Collects an invoice the subscription made, or holds it: keep_as_draft leaves the draft
 * (created with auto_advance off), mark_uncollectible and void finalize it and mark it so.
 */
export async function collectForSubscription(ctx: Ctx, invoice: string, sub: SubscriptionRow, behavior: PaymentBehavior = 'allow_incomplete', offSession?: boolean): Promise<void> {
  const hold = holdOf(sub);
  if (hold === null) return collectSubscriptionInvoice(ctx, invoice, sub.collection_method, behavior, offSession);
  if (hold === 'keep_as_draft') return;
  const finalized = await finalizeInvoice(ctx, invoice);
  if (finalized.status !== 'open') return;
  await (hold === 'void' ? voidInvoice(ctx, invoice) : markInvoiceUncollectible(ctx, invoice));
}

/**
 * A new subscription's answer once its first charge was made through a remote processor,
 * after commit. With error_if_incomplete a charge that did not pay cannot take back the
 * subscription the commit made: it ends at once instead (`incomplete_expired`, its invoice
 * voided), and the request answers the charge's card error, as Stripe's would.
 */
export async function subscriptionAfterCharges(ctx: Ctx, id: string, settled: readonly Settled[], behavior: string | undefined): Promise<SubscriptionObject> {
  const last = settled.at(-1);
  const error = behavior === 'error_if_incomplete' && last ? await paymentError(ctx, last) : null;
  if (error) {
    await inTransaction(ctx.db, async (trx) => {
      const tx = { ...ctx, db: trx };
      const row = await findSubscription(trx, ctx.scope, id);
      if (!row || row.status !== 'incomplete') return;
      if (row.latest_invoice) await voidInvoice(tx, row.latest_invoice);
      const now = ctx.clock.now();
      await recordMove(tx, row, await transitionSubscription(trx, ctx.scope, id, ['incomplete'], { status: 'incomplete_expired', ended_at: now }));
    });
    throw error;
  }
  return toSubscription(ctx, await requireSubscription(ctx, id));
}
