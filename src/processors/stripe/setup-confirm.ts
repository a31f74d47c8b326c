import Stripe from 'stripe';
import type { SetupConfirmOutcome, SetupConfirmRequest } from '../processor.ts';
import { leftUnknown } from './stripe-errors.ts';

/**
 * Sets up a card Stripe holds for later payments: a SetupIntent at Stripe, created and
 * confirmed at once under the confirmation's idempotency key (or, after a failed one,
 * confirmed again with the new card), with Bursar's ids in its metadata. A decline or a
 * needed authentication is an outcome, never a throw.
 */
export async function confirmSetup(stripe: Stripe, req: SetupConfirmRequest): Promise<SetupConfirmOutcome> {
  try {
    const intent =
      req.ref === null
        ? await stripe.setupIntents.create(
            {
              customer: req.customerRef,
              payment_method: req.methodRef,
              usage: req.usage,
              confirm: true,
              return_url: req.returnUrl,
              metadata: req.metadata,
            },
            { idempotencyKey: req.idempotencyKey },
          )
        : await stripe.setupIntents.confirm(req.ref, { payment_method: req.methodRef, return_url: req.returnUrl }, { idempotencyKey: req.idempotencyKey });
    return outcomeOf(intent);
  } catch (error) {
    if (leftUnknown(error) || !(error instanceof Stripe.errors.StripeError)) return { status: 'unknown', reason: (error as Error).message };
    const intent = (error as Stripe.errors.StripeError & { setup_intent?: Stripe.SetupIntent }).setup_intent;
    return { status: 'failed', ref: intent?.id ?? req.ref, code: error.code ?? 'setup_failed', declineCode: error.decline_code ?? null, message: error.message };
  }
}

function outcomeOf(intent: Stripe.SetupIntent): SetupConfirmOutcome {
  const redirect = intent.next_action?.redirect_to_url?.url;
  if (intent.status === 'succeeded') return { status: 'succeeded', ref: intent.id };
  if (intent.status === 'requires_action' && redirect) return { status: 'requires_action', ref: intent.id, actionUrl: redirect };
  const error = intent.last_setup_error;
  if (intent.status === 'requires_payment_method' && error) return { status: 'failed', ref: intent.id, code: error.code ?? 'setup_failed', declineCode: error.decline_code ?? null, message: error.message ?? 'The card could not be set up.' };
  // processing: Stripe's webhook tells the end.
  return { status: 'unknown', reason: `Stripe's SetupIntent ${intent.id} is ${intent.status}.` };
}
