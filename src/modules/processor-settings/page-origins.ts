import type { ProcessorKind } from '../../processors/processor.ts';

/**
 * Origins of the pages a processor sends customers to (card collection, authentication). A
 * hosted page's form that leads there must allow them (CSP form-action applies to redirects).
 */
export function processorPageOrigins(kind: ProcessorKind | null, stripeApiUrl?: string): string[] {
  if (kind !== 'stripe') return [];
  // Checkout, and Stripe's authentication pages; a stand-in server serves its own.
  return ['https://checkout.stripe.com', 'https://hooks.stripe.com', ...(stripeApiUrl ? [new URL(stripeApiUrl).origin] : [])];
}
