import type { Scope } from '../../context.ts';
import type { ProcessorKind } from '../../processors/processor.ts';

export const modeName = (livemode: boolean) => (livemode ? 'live' : 'test');

/** Where a processor sends a project's events of one mode: the address a merchant registers at the processor. */
export const processorWebhookPath = (kind: ProcessorKind, scope: Scope) => `/processors/${kind}/webhooks/${scope.projectId}/${modeName(scope.livemode)}`;

/** The Stripe events Bursar acts on: the ones to select when registering its endpoint at Stripe. */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'setup_intent.succeeded',
  'setup_intent.setup_failed',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.requires_action',
  'charge.refunded',
  'refund.updated',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'payment_method.detached',
] as const;
