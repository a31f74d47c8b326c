import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Html } from '../portal/layout.ts';
import type { Ctx } from '../context.ts';
import { BursarError } from '../kit/errors.ts';
import { checkedUrl } from '../net/url.ts';
import type { InvoiceObject } from '../modules/invoices/object.ts';
import { payInvoice } from '../modules/invoices/pay.ts';
import type { PayInvoiceParams } from '../modules/invoices/schemas.ts';
import { retrieveInvoice } from '../modules/invoices/service.ts';
import { writeKeeping } from './page-write.ts';
import { makeDefaultCard } from './test-card.ts';
import type { Locale } from '../portal/i18n/locale.ts';

/** An invoice a customer can still pay, as payInvoice takes it. */
export const PAYABLE = new Set(['open', 'uncollectible']);

/** payInvoice's answer when the card's bank asks the customer to authenticate first (3-D Secure). */
export const REQUIRES_ACTION = 'invoice_payment_intent_requires_action';

export type PaymentOutcome =
  | { kind: 'paid'; invoice: InvoiceObject }
  /** Paid before this attempt (a second submit, another tab): nothing was charged. */
  | { kind: 'already_paid'; invoice: InvoiceObject }
  /** Where the customer authenticates; they come back to the page that started the payment. */
  | { kind: 'authenticate'; url: string }
  /** A decline or a refused card: its message goes beside the form. */
  | { kind: 'refused'; error: BursarError };

/**
 * Sends the customer to authenticate. A 303 when the page is Bursar's own (the test gateway's
 * challenge); another site's (the bank's, through the processor) is reached by a page that
 * moves on by itself (meta refresh) with a link to follow, because browsers refuse a form
 * whose answer redirects outside its page's CSP form-action.
 */
export async function toAuthentication(c: Context, url: string, publicUrl: string, locale: Locale, page: (title: string, body: Html) => Promise<Response>): Promise<Response> {
  if (new URL(url).origin === new URL(publicUrl).origin) return c.redirect(url, 303);
  const { t } = locale;
  return page(
    t('pay.authenticate_title'),
    html`<meta http-equiv="refresh" content="0; url=${url}"><p>${t('pay.authenticate_body')}</p><p><a class="button" href="${url}">${t('pay.authenticate_continue')}</a></p>`,
  );
}

/** Whether the customer comes back from authenticating: the return URL gets `payment_intent` (and `redirect_status`), as Stripe's does. */
export const backFromBank = (c: Context) => c.req.query('payment_intent') !== undefined || c.req.query('redirect_status') !== undefined;

/** The authentication page a requires_action refusal sends the customer to, when it names a usable one. */
export function authenticationUrl(error: BursarError): string | null {
  if (error.code !== REQUIRES_ACTION) return null;
  const intent = error.extra?.payment_intent as { next_action?: { redirect_to_url?: { url?: unknown } } } | undefined;
  const url = intent?.next_action?.redirect_to_url?.url;
  return typeof url === 'string' ? (checkedUrl(url)?.href ?? null) : null;
}

/** The card a page pays with, and whether it becomes the customer's default once it paid. */
export interface PayingCard {
  id: string;
  makeDefault: boolean;
}

/**
 * A customer pays their invoice from a hosted page with the card `card` names (in the same
 * write, it may save a new one first). The customer is there (not off-session), and comes
 * back to `returnUrl`, the page that started the payment, when their bank asks them to
 * authenticate. A new card becomes the default only after it paid: made default before, it
 * would be charged for the invoice by dunning's recovery first. A second submit finds the
 * invoice paid and says so: payInvoice refuses a paid invoice, so nothing is charged twice.
 */
export async function payFromPage(ctx: Ctx, invoice: string, returnUrl: string, card: (ctx: Ctx) => Promise<PayingCard>): Promise<PaymentOutcome> {
  try {
    const paid = await writeKeeping(ctx, async (trx) => {
      const paying = await card(trx);
      const paid = await payInvoice(trx, invoice, { payment_method: paying.id, off_session: false, return_url: returnUrl } as PayInvoiceParams);
      if (paying.makeDefault) await makeDefaultCard(trx, paid.customer, paying.id);
      return paid;
    });
    return { kind: 'paid', invoice: paid };
  } catch (error) {
    if (!(error instanceof BursarError) || error.status >= 500) throw error;
    const now = await retrieveInvoice(ctx, invoice);
    if (now.status === 'paid') return { kind: 'already_paid', invoice: now };
    const url = authenticationUrl(error);
    return url ? { kind: 'authenticate', url } : { kind: 'refused', error };
  }
}

const BRANDS: Record<string, string> = { amex: 'American Express', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', mastercard: 'Mastercard', visa: 'Visa', discover: 'Discover' };

/** A card as a pay button names it: "Visa •••• 4242". */
export const cardText = (locale: Locale, card: { brand: string; last4: string }) => locale.t('pay.card', { brand: BRANDS[card.brand] ?? card.brand, last4: card.last4 });
