import Stripe from 'stripe';
import { ProcessorSignatureError, type ProcessorEvent, type ProcessorMetadata } from '../processor.ts';
import { savedMethod } from './setup.ts';

/** How old a signed delivery may be, in seconds (Stripe's own default): an older one is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Stripe's webhook verifier only; verifying needs no key and makes no request. */
const webhooks = Stripe.webhooks;

/**
 * Verifies a Stripe webhook with the endpoint's signing secret (signature and age, as of `now`
 * in unix seconds) and turns its event into what Bursar acts on.
 */
export function parseStripeWebhook(rawBody: string, headers: Headers, secret: string | null, now: number): ProcessorEvent[] {
  if (!secret) throw new ProcessorSignatureError('No signing secret is set for the Stripe webhook endpoint');
  const signature = headers.get('stripe-signature');
  if (!signature) throw new ProcessorSignatureError('No Stripe-Signature header');
  let event: Stripe.Event;
  try {
    event = webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, now * 1000);
  } catch (error) {
    throw new ProcessorSignatureError((error as Error).message);
  }
  return [{ eventId: event.id, created: event.created, ...describe(event) }];
}

type Described = ProcessorEvent extends infer E ? (E extends unknown ? Omit<E, 'eventId' | 'created'> : never) : never;

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);
const meta = (metadata: Stripe.Metadata | null | undefined): ProcessorMetadata => ({ ...metadata });

function describe(event: Stripe.Event): Described {
  const ignored = { type: 'ignored', processorType: event.type } as const;
  switch (event.type) {
    case 'setup_intent.succeeded': {
      const intent = event.data.object;
      const method = intent.payment_method;
      return { type: 'setup.succeeded', setupRef: intent.id, customerRef: idOf(intent.customer), method: method && typeof method !== 'string' ? savedMethod(method) : null, metadata: meta(intent.metadata) };
    }
    case 'setup_intent.setup_failed': {
      const intent = event.data.object;
      const error = intent.last_setup_error;
      return { type: 'setup.failed', setupRef: intent.id, code: error?.code ?? 'setup_failed', message: error?.message ?? 'The card could not be saved.', metadata: meta(intent.metadata) };
    }
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.mode !== 'setup') return ignored;
      const intent = session.setup_intent;
      const method = intent && typeof intent !== 'string' ? intent.payment_method : null;
      return { type: 'setup.succeeded', setupRef: session.id, customerRef: idOf(session.customer), method: method && typeof method !== 'string' ? savedMethod(method) : null, metadata: meta(session.metadata) };
    }
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      return { type: 'payment.succeeded', paymentRef: intent.id, amount: intent.amount_received || intent.amount, currency: intent.currency, metadata: meta(intent.metadata) };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const error = intent.last_payment_error;
      // An off-session charge the bank wants authenticated is not over: the customer is asked.
      if (error?.code === 'authentication_required') return { type: 'payment.requires_action', paymentRef: intent.id, actionUrl: null, metadata: meta(intent.metadata) };
      return { type: 'payment.failed', paymentRef: intent.id, code: error?.code ?? 'payment_failed', declineCode: error?.decline_code ?? null, message: error?.message ?? 'The payment failed.', metadata: meta(intent.metadata) };
    }
    case 'payment_intent.requires_action': {
      const intent = event.data.object;
      return { type: 'payment.requires_action', paymentRef: intent.id, actionUrl: intent.next_action?.redirect_to_url?.url ?? null, metadata: meta(intent.metadata) };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const refunds = charge.refunds?.data ?? [];
      return {
        type: 'payment.refunded',
        paymentRef: idOf(charge.payment_intent) ?? charge.id,
        amountRefunded: charge.amount_refunded,
        refunds: refunds.map((r) => ({ ref: r.id, amount: r.amount, status: r.status ?? 'succeeded' })),
      };
    }
    // A refund that was pending ends: the report of that one refund (the charge's total is not in it: 0, not said).
    case 'refund.updated': {
      const refund = event.data.object;
      const paymentRef = idOf(refund.payment_intent) ?? idOf(refund.charge);
      if (paymentRef === null) return ignored;
      return { type: 'payment.refunded', paymentRef, amountRefunded: 0, refunds: [{ ref: refund.id, amount: refund.amount, status: refund.status ?? 'pending' }] };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      return { type: 'dispute.updated', disputeRef: dispute.id, paymentRef: idOf(dispute.payment_intent) ?? idOf(dispute.charge)!, amount: dispute.amount, currency: dispute.currency, reason: dispute.reason, status: dispute.status };
    }
    case 'payment_method.detached':
      return { type: 'method.detached', methodRef: event.data.object.id };
    default:
      return ignored;
  }
}
