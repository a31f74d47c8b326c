import { SETUP_OPEN } from '../web/processor-card.ts';
import type { Ctx } from '../context.ts';
import { BursarError } from '../kit/errors.ts';
import { retrieveProduct } from '../modules/products/service.ts';
import { FIRST_TIME_ONLY } from '../modules/promotion-codes/redemption.ts';
import { previewInvoice } from '../modules/invoices/preview.ts';
import type { SubscriptionObject } from '../modules/subscriptions/object.ts';
import { retrieveSubscription } from '../modules/subscriptions/service.ts';
import type { Locale } from './i18n/locale.ts';
import type { MessageKey } from './i18n/en.ts';

import { priceText } from './i18n/price-text.ts';
import { retrievePrice } from '../modules/prices/service.ts';

export { priceText };

export async function productName(ctx: Ctx, id: string): Promise<string> {
  return (await retrieveProduct(ctx, id)).name;
}

/** Items to come (a scheduled change, a schedule's next phase) as the plan lines read: "Pro – $29.00 per month × 2" (never broken before the quantity). */
export async function itemsText(ctx: Ctx, locale: Locale, items: readonly { price: string; quantity: number }[]): Promise<string> {
  const parts = await Promise.all(
    items.map(async (i) => {
      const price = await retrievePrice(ctx, i.price);
      return `${await productName(ctx, price.product)} – ${priceText(locale, price)}${i.quantity !== 1 ? `\u00a0×\u00a0${i.quantity}` : ''}`;
    }),
  );
  return parts.join(', ');
}

/** The customer's own subscription, or null: another customer's id looks exactly like a missing one. */
export async function ownSubscription(ctx: Ctx, customer: string, id: string): Promise<SubscriptionObject | null> {
  try {
    const sub = await retrieveSubscription(ctx, id);
    return sub.customer === customer ? sub : null;
  } catch (error) {
    if (error instanceof BursarError && error.status === 404) return null;
    throw error;
  }
}

/** The next invoice of a subscription (date and what it will charge, after the customer's balance), or null when nothing is due. */
export async function nextInvoice(ctx: Ctx, sub: SubscriptionObject): Promise<{ date: number; amountDue: number; currency: string } | null> {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired' || sub.cancel_at_period_end) return null;
  try {
    const preview = await previewInvoice(ctx, { subscription: sub.id });
    return { date: preview.next_payment_attempt ?? preview.created, amountDue: preview.amount_due, currency: preview.currency };
  } catch (error) {
    if (error instanceof BursarError && error.status < 500) return null;
    throw error;
  }
}

const ERROR_KEYS: Record<string, MessageKey> = {
  card_declined: 'error.card_declined',
  expired_card: 'error.expired_card',
  incorrect_cvc: 'error.incorrect_cvc',
  processing_error: 'error.processing_error',
  incorrect_number: 'error.incorrect_number',
  invalid_number: 'error.incorrect_number',
  payment_gateway_unavailable: 'error.gateway_unavailable',
  invalid_expiry: 'error.invalid_expiry',
  portal_card_required: 'cards.remove_refused',
  [SETUP_OPEN]: 'cards.setup_open',
  [FIRST_TIME_ONLY]: 'plan.promotion_code_first_time',
};

/** A service's refusal in the customer's language; what has no translation gets the generic message. */
export function errorText(locale: Locale, error: BursarError): string {
  const key = (error.code && ERROR_KEYS[error.code]) || (error.declineCode && ERROR_KEYS[error.declineCode]);
  if (!key && error.param === 'promotion_code') return locale.t('plan.promotion_code_invalid');
  return locale.t(key || 'error.generic');
}

/** Runs a portal action; a refusal (4xx) becomes the message to show, anything else is thrown. */
export async function attempt(run: () => Promise<Response>, onRefused: (error: BursarError) => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BursarError && error.status < 500) return onRefused(error);
    throw error;
  }
}
