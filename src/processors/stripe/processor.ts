import type { ProcessorDeps } from '../make.ts';
import type { Processor } from '../processor.ts';

/** What Bursar keeps (sealed) to act on a merchant's Stripe account. */
export interface StripeCredentials {
  /** sk_test_… / sk_live_… or a restricted key rk_… */
  secretKey: string;
  /** whsec_… of the webhook endpoint registered at Stripe for Bursar; null until registered. */
  webhookSecret: string | null;
}

/** Stripe as a processor: it holds cards and moves money; Bursar keeps the billing. */
export function createStripeProcessor(_credentials: StripeCredentials, _deps: ProcessorDeps): Processor {
  throw new Error('the Stripe processor is not built yet');
}
