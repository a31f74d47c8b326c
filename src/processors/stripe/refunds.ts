import Stripe from 'stripe';
import type { RefundOutcome, RefundRequest } from '../processor.ts';
import { leftUnknown } from './stripe-errors.ts';

/** Gives money back as a Stripe Refund of the charge's PaymentIntent, under the refund's own key. */
export async function refund(stripe: Stripe, req: RefundRequest): Promise<RefundOutcome> {
  try {
    const made = await stripe.refunds.create(
      { payment_intent: req.paymentRef, amount: req.amount, ...(req.reason && { reason: req.reason }), metadata: req.metadata },
      { idempotencyKey: req.idempotencyKey },
    );
    if (made.currency !== req.currency) {
      return { status: 'failed', ref: made.id, code: 'currency_mismatch', message: `Stripe refunded in ${made.currency}, not ${req.currency}` };
    }
    switch (made.status) {
      case 'succeeded':
        return { status: 'succeeded', ref: made.id };
      case 'failed':
      case 'canceled':
        return { status: 'failed', ref: made.id, code: made.failure_reason ?? made.status, message: `Stripe's refund ${made.status}` };
      default:
        // pending, requires_action: the money has not gone back yet; charge.refunded tells.
        return { status: 'pending', ref: made.id };
    }
  } catch (error) {
    if (leftUnknown(error) || !(error instanceof Stripe.errors.StripeError)) return { status: 'unknown', reason: (error as Error).message };
    return { status: 'failed', ref: null, code: error.code ?? error.type, message: error.message };
  }
}
