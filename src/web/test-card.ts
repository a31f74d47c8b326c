import { html } from 'hono/html';
import type { Ctx } from '../context.ts';
import { BursarError } from '../kit/errors.ts';
import { updateCustomer } from '../modules/customers/service.ts';
import type { PaymentMethodObject } from '../modules/payment-methods/object.ts';
import { attachPaymentMethod, createPaymentMethod } from '../modules/payment-methods/service.ts';
import type { Locale } from '../portal/i18n/locale.ts';
import type { Form } from './form.ts';

/**
 * The test gateway's card form, as the portal's cards page and the pay pages show it: in test
 * mode only (a live card is collected on the processor's own page, never by Bursar).
 */
export interface TestCard {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string;
}

const intOf = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v.trim()) ? Number(v) : Number.NaN);

/** The card a posted form describes; what is not a card is refused by the gateway when saved. */
export function testCardOf(form: Form): TestCard {
  return {
    number: typeof form.number === 'string' ? form.number.replace(/[\s-]/g, '').slice(0, 30) : '',
    exp_month: intOf(form.exp_month),
    exp_year: intOf(form.exp_year),
    ...(typeof form.cvc === 'string' && form.cvc !== '' && { cvc: form.cvc.slice(0, 4) }),
  };
}

/**
 * The fields of a test card; `kept` refills the expiry after a refusal (never the number or
 * the code), `describedBy` points them to that refusal.
 */
export function testCardFields(locale: Locale, now: number, kept: Form = {}, describedBy: string | null = null) {
  const { t } = locale;
  const year = new Date(now * 1000).getUTCFullYear();
  const value = (name: string) => (typeof kept[name] === 'string' && /^\d{1,4}$/.test(kept[name] as string) ? html` value="${kept[name] as string}"` : '');
  const described = describedBy ? html` aria-describedby="${describedBy}"` : '';
  return html`<p class="muted">${t('cards.test_mode')}</p>
<label for="number">${t('cards.number')}</label><input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required maxlength="23"${described}>
<label for="exp_month">${t('cards.exp_month')}</label><input id="exp_month" name="exp_month" type="number" min="1" max="12" autocomplete="cc-exp-month" required${value('exp_month')}>
<label for="exp_year">${t('cards.exp_year')}</label><input id="exp_year" name="exp_year" type="number" min="${year}" max="${year + 30}" autocomplete="cc-exp-year" required${value('exp_year')}>
<label for="cvc">${t('cards.cvc')}</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4">`;
}

/** Saves a test card for the customer. */
export async function saveTestCard(ctx: Ctx, customer: string, card: TestCard): Promise<PaymentMethodObject> {
  if (!Number.isInteger(card.exp_month) || !Number.isInteger(card.exp_year)) throw BursarError.invalid('Invalid expiry.', 'card', 'invalid_expiry');
  const created = await createPaymentMethod(ctx, { type: 'card', card });
  return attachPaymentMethod(ctx, created.id, customer);
}

/** Makes the card the customer's default: it pays their invoices from now on. */
export async function makeDefaultCard(ctx: Ctx, customer: string, card: string): Promise<void> {
  await updateCustomer(ctx, customer, { invoice_settings: { default_payment_method: card } });
}
