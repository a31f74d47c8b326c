import Stripe from 'stripe';
import type { CancelOutcome, ChargeOutcome, ChargeRequest } from '../processor.ts';
import { leftUnknown } from './stripe-errors.ts';

/** The metadata key naming a charge's idempotency key, so a charge can be found by it. */
export const ATTEMPT_KEY = 'bursar_idempotency_key';

/**
 * Charges a saved card: one PaymentIntent, created and confirmed at once under the attempt's
 * idempotency key, with Bursar's ids in its metadata. A decline, a needed authentication or a
 * fault is an outcome, never a throw.
 */
export async function charge(stripe: Stripe, req: ChargeRequest): Promise<ChargeOutcome> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: req.amount,
        currency: req.currency,
        ...(req.customerRef && { customer: req.customerRef }),
        payment_method: req.methodRef,
        allowed_payment_method_types: ['card'],
        confirm: true,
        off_session: req.offSession,
        // Stripe then answers a needed authentication with a page to send the customer to.
        return_url: req.returnUrl,
        ...(req.description && { description: req.description }),
        metadata: { ...req.metadata, [ATTEMPT_KEY]: req.idempotencyKey },
      },
      { idempotencyKey: req.idempotencyKey },
    );
  } catch (error) {
    return failure(stripe, req, error);
  }
  return outcome(intent, () => authenticate(stripe, req, intent.id));
}

/**
 * Asks Stripe what became of a charge whose answer was lost. Stripe replays the first answer to
 * the same idempotency key for at least 24 hours; past that a new create would charge again, so
 * the PaymentIntent is looked up by the key in its metadata first.
 */
export async function reconcileCharge(stripe: Stripe, req: ChargeRequest): Promise<ChargeOutcome> {
  try {
    const found = await stripe.paymentIntents.search({ query: `metadata['${ATTEMPT_KEY}']:'${req.idempotencyKey.replaceAll("'", "\\'")}'`, limit: 1 });
    const intent = found.data[0];
    if (intent) return fromSettled(stripe, req, intent);
  } catch (error) {
    if (leftUnknown(error)) return unknown(error);
    // Search is not offered everywhere: the replayed create below still answers.
  }
  return charge(stripe, req);
}

/** Where a charge stands now, e.g. after the customer came back from authenticating. */
export async function chargeStatus(stripe: Stripe, ref: string): Promise<ChargeOutcome> {
  try {
    return outcome(await stripe.paymentIntents.retrieve(ref), null);
  } catch (error) {
    if (leftUnknown(error)) return unknown(error);
    const e = error as Stripe.errors.StripeError;
    return { status: 'failed', ref, code: e.code ?? e.type, declineCode: null, message: e.message };
  }
}

/**
 * Cancels a PaymentIntent left in requires_action (`abandoned`, as Stripe names a payment the
 * customer gave up), under a key of its own so a retry cancels once. Stripe refuses to cancel
 * one that is canceled or succeeded (payment_intent_unexpected_state): it is then asked what it
 * became. Succeeded means the customer authenticated first and Stripe took the money.
 */
export async function cancelCharge(stripe: Stripe, ref: string): Promise<CancelOutcome> {
  try {
    await stripe.paymentIntents.cancel(ref, { cancellation_reason: 'abandoned' }, { idempotencyKey: `${ref}-cancel` });
    return { status: 'canceled' };
  } catch (error) {
    if (leftUnknown(error) || !(error instanceof Stripe.errors.StripeError)) return { status: 'unknown', reason: (error as Error).message };
    if (error.code !== 'payment_intent_unexpected_state') return { status: 'unknown', reason: error.message };
  }
  try {
    const intent = await stripe.paymentIntents.retrieve(ref);
    if (intent.status === 'canceled') return { status: 'canceled' };
    if (intent.status === 'succeeded') return { status: 'succeeded', ref };
    return { status: 'unknown', reason: `${ref} is ${intent.status}` };
  } catch (error) {
    return { status: 'unknown', reason: (error as Error).message };
  }
}

/** A PaymentIntent found after the fact: a card that asked for authentication still needs it. */
function fromSettled(stripe: Stripe, req: ChargeRequest, intent: Stripe.PaymentIntent): Promise<ChargeOutcome> | ChargeOutcome {
  if (intent.status === 'requires_payment_method' && intent.last_payment_error?.code === 'authentication_required') return authenticate(stripe, req, intent.id);
  return outcome(intent, () => authenticate(stripe, req, intent.id));
}

/**
 * Stripe declines an off-session charge whose bank wants the customer (`authentication_required`)
 * and leaves the PaymentIntent waiting for a payment method. Confirming it again on-session with
 * the same card and a return URL turns it into `requires_action` with Stripe's authentication
 * page, where the customer is sent (by email and the invoice page) to finish that same payment.
 */
async function authenticate(stripe: Stripe, req: ChargeRequest, intentId: string): Promise<ChargeOutcome> {
  try {
    const intent = await stripe.paymentIntents.confirm(
      intentId,
      { payment_method: req.methodRef, off_session: false, return_url: req.returnUrl },
      { idempotencyKey: `${req.idempotencyKey}-authenticate` },
    );
    return outcome(intent, null);
  } catch (error) {
    return failure(stripe, req, error, false);
  }
}

async function failure(stripe: Stripe, req: ChargeRequest, error: unknown, mayAuthenticate = true): Promise<ChargeOutcome> {
  if (leftUnknown(error) || !(error instanceof Stripe.errors.StripeError)) return unknown(error);
  const intent = error.payment_intent;
  if (mayAuthenticate && error.code === 'authentication_required' && intent) return authenticate(stripe, req, intent.id);
  return { status: 'failed', ref: intent?.id ?? null, code: error.code ?? error.type, declineCode: error.decline_code ?? null, message: error.message };
}

/** A PaymentIntent's status as Bursar acts on it. */
function outcome(intent: Stripe.PaymentIntent, needsPage: (() => Promise<ChargeOutcome>) | null): Promise<ChargeOutcome> | ChargeOutcome {
  const ref = intent.id;
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', ref };
    case 'processing':
      return { status: 'processing', ref };
    case 'requires_action': {
      const url = intent.next_action?.redirect_to_url?.url;
      if (url) return { status: 'requires_action', ref, actionUrl: url };
      // use_stripe_sdk is for Stripe.js; confirming with a return URL gives a page instead.
      return needsPage ? needsPage() : { status: 'unknown', reason: `${ref} waits for an authentication that has no page to send the customer to` };
    }
    case 'canceled':
      return { status: 'failed', ref, code: 'payment_intent_canceled', declineCode: null, message: `The payment was canceled (${intent.cancellation_reason ?? 'no reason given'}).` };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      return { status: 'failed', ref, code: error?.code ?? 'payment_failed', declineCode: error?.decline_code ?? null, message: error?.message ?? 'The payment failed.' };
    }
    default:
      return { status: 'unknown', reason: `${ref} is ${intent.status}` };
  }
}

function unknown(error: unknown): ChargeOutcome {
  const { statusCode, message } = error as Stripe.errors.StripeError;
  return { status: 'unknown', reason: statusCode ? `Stripe answered ${statusCode}: ${message}` : message };
}
