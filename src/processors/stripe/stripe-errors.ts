import Stripe from 'stripe';
import { BursarError } from '../../kit/errors.ts';

/**
 * An error after which nobody knows whether Stripe acted: no answer (timeout, connection),
 * a 5xx, a rate limit, or a request with the same key still running (409). Asked about again
 * later with the same idempotency key, never retried under a new one.
 */
export function leftUnknown(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const status = error.statusCode ?? 0;
  return status >= 500 || status === 409 || status === 429;
}

/** What Bursar answers when Stripe refused or did not answer a call that moves no money. */
export function stripeFailed(error: unknown): BursarError {
  if (error instanceof BursarError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) return new BursarError({ status: 502, type: 'api_error', message: `Stripe could not be reached: ${(error as Error).message}` });
  return new BursarError({
    status: 502,
    type: 'api_error',
    code: 'processor_error',
    message: leftUnknown(error) ? `Stripe did not answer in time; try again shortly (${error.message})` : `Stripe refused the request: ${error.message}`,
  });
}

/** Runs a Stripe call that moves no money: its failures become one clear Bursar error. */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw stripeFailed(error);
  }
}
