import type { StoredPaymentError } from '../payment-intents/object.ts';

/** A setup the card's bank refused: as Stripe does, it waits for another card, with the reason. */
export function failedSetupPatch(paymentMethod: string | null, failure: { code: string; declineCode: string | null; message: string }) {
  const error: StoredPaymentError = { type: 'card_error', code: failure.code, ...(failure.declineCode !== null && { decline_code: failure.declineCode }), message: failure.message, charge: null, payment_method: paymentMethod };
  return { status: 'requires_payment_method', payment_method: null, last_setup_error: JSON.stringify(error) };
}
