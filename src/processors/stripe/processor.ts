import type { ProcessorDeps } from '../make.ts';
import type { Processor } from '../processor.ts';
import { cancelCharge, charge, chargeStatus, reconcileCharge } from './charges.ts';
import { stripeClient } from './client.ts';
import { detachMethod, ensureCustomer } from './customers.ts';
import { refund } from './refunds.ts';
import { confirmSetup } from './setup-confirm.ts';
import { setupStatus, startSetup } from './setup.ts';
import { parseStripeWebhook } from './webhook-events.ts';

/** What Bursar keeps (sealed) to act on a merchant's Stripe account. */
export interface StripeCredentials {
  /** sk_test_… / sk_live_… or a restricted key rk_… */
  secretKey: string;
  /** whsec_… of the webhook endpoint registered at Stripe for Bursar; null until registered. */
  webhookSecret: string | null;
}

export interface StripeProcessorOptions {
  /** How long a call to Stripe may take before its outcome is unknown, in milliseconds. */
  timeoutMs?: number;
}

/**
 * Stripe as a processor: it holds cards and moves money; Bursar keeps the billing. Every call
 * goes through the mode's guarded client; none runs inside a database transaction.
 */
export function createStripeProcessor(credentials: StripeCredentials, deps: ProcessorDeps, options: StripeProcessorOptions = {}): Processor {
  const stripe = stripeClient({ secretKey: credentials.secretKey, client: deps.client, apiUrl: deps.stripeApiUrl, timeoutMs: options.timeoutMs });
  return {
    kind: 'stripe',
    inline: false,
    ensureCustomer: (input, existingRef) => ensureCustomer(stripe, deps.projectId, input, existingRef),
    startSetup: (req) => startSetup(stripe, req),
    setupStatus: (ref) => setupStatus(stripe, ref),
    confirmSetup: (req) => confirmSetup(stripe, req),
    charge: (req) => charge(stripe, req),
    reconcileCharge: (req) => reconcileCharge(stripe, req),
    chargeStatus: (ref) => chargeStatus(stripe, ref),
    cancelCharge: (ref) => cancelCharge(stripe, ref),
    refund: (req) => refund(stripe, req),
    detach: (methodRef) => detachMethod(stripe, methodRef),
    parseWebhook: (rawBody, headers, now) => parseStripeWebhook(rawBody, headers, credentials.webhookSecret, now),
  };
}
