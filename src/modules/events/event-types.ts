import type Stripe from 'stripe';

/** Event types Bursar records that Stripe has none like (docs/api.md "Extensions"). */
export const BURSAR_EVENT_TYPES = ['webhook_endpoint.disabled'] as const;

/** The type of an event: one of Stripe's own names, or one of Bursar's few documented additions. */
export type EventType = Stripe.Event.Type | (typeof BURSAR_EVENT_TYPES)[number];
