import Stripe from 'stripe';
import type { CustomerInput } from '../processor.ts';
import { callStripe } from './stripe-errors.ts';

/**
 * The Stripe customer of a Bursar customer, created once: the key is the Bursar customer's, so
 * a create whose answer was lost and is sent again finds the first one.
 */
export async function ensureCustomer(stripe: Stripe, projectId: string, input: CustomerInput, existingRef: string | null): Promise<string> {
  if (existingRef) return existingRef;
  const customer = await callStripe(() =>
    stripe.customers.create(
      {
        ...(input.email && { email: input.email }),
        ...(input.name && { name: input.name }),
        metadata: { bursar_customer: input.customer, bursar_project: projectId },
      },
      { idempotencyKey: `bursar-customer-${projectId}-${input.customer}` },
    ),
  );
  return customer.id;
}

/** Detaches a card at Stripe; one already detached (or gone) is what was asked for. */
export async function detachMethod(stripe: Stripe, methodRef: string): Promise<void> {
  try {
    await stripe.paymentMethods.detach(methodRef);
  } catch (error) {
    const done = error instanceof Stripe.errors.StripeInvalidRequestError && (error.code === 'resource_missing' || error.code === 'payment_method_unexpected_state');
    if (!done) await callStripe(() => Promise.reject(error));
  }
}
