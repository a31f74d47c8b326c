import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';
import type { SearchFields } from '../../search/query.ts';

export const listPaymentIntentsParams = z.strictObject({ ...pageParams, customer: str(255).optional() });

export const confirmPaymentIntentParams = z.strictObject({
  payment_method: str(255).optional(),
  /** Bursar charges on-session unless told otherwise: a confirmation comes from the customer. */
  off_session: bool().optional(),
  return_url: urlParam().optional(),
});

export const cancelPaymentIntentParams = z.strictObject({
  cancellation_reason: z.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']).optional(),
});

export const listInvoicePaymentsParams = z.strictObject({ ...pageParams, invoice: str(255).optional() });

export type ConfirmPaymentIntentParams = z.output<typeof confirmPaymentIntentParams>;

/** What payment intents can be searched by (Stripe's query fields for payment intents). */
export const paymentIntentSearchFields: SearchFields = {
  amount: { kind: 'number' },
  created: { kind: 'number' },
  currency: { kind: 'token' },
  customer: { kind: 'token', nullable: true },
  metadata: { kind: 'metadata' },
  status: { kind: 'token' },
};

const card = (kind: 'token' | 'number') => ({ kind, nullable: true }) as const;

/** What charges can be searched by (Stripe's query fields for charges, of a card payment). */
export const chargeSearchFields: SearchFields = {
  amount: { kind: 'number' },
  'billing_details.address.postal_code': { kind: 'token', nullable: true },
  created: { kind: 'number' },
  currency: { kind: 'token' },
  customer: { kind: 'token', nullable: true },
  disputed: { kind: 'boolean' },
  metadata: { kind: 'metadata' },
  'payment_method_details.card.brand': card('token'),
  'payment_method_details.card.exp_month': card('number'),
  'payment_method_details.card.exp_year': card('number'),
  'payment_method_details.card.fingerprint': card('token'),
  'payment_method_details.card.last4': card('token'),
  refunded: { kind: 'boolean' },
  status: { kind: 'token' },
};
