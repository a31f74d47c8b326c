import { html } from 'hono/html';
import type { Ctx } from '../context.ts';
import type { InvoiceRow } from '../modules/invoices/repository.ts';
import { findCustomer } from '../modules/customers/repository.ts';
import type { PaymentMethodObject } from '../modules/payment-methods/object.ts';
import { retrieveCustomerPaymentMethod } from '../modules/payment-methods/service.ts';
import { isolated, type Locale } from '../portal/i18n/locale.ts';
import { cardText, PAYABLE } from '../web/invoice-payment.ts';
import type { Form } from '../web/form.ts';
import type { NewCardWay } from '../web/processor-card.ts';
import { testCardFields } from '../web/test-card.ts';

/** The card an invoice is paid with when none is named: its own default, else its customer's (as payInvoice picks). */
export async function defaultCard(ctx: Ctx, row: InvoiceRow): Promise<PaymentMethodObject | null> {
  const id = row.default_payment_method ?? (await findCustomer(ctx.db, ctx.scope, row.customer))?.default_payment_method ?? null;
  return id ? retrieveCustomerPaymentMethod(ctx, row.customer, id) : null;
}

export interface PayView {
  locale: Locale;
  business: string;
  /** Where the forms post, and the token they carry. */
  action: string;
  csrf: string;
  /** The refusal of the last attempt, shown above the forms; the card form keeps the expiry. */
  error?: string | null;
  kept?: Form;
  /** The message of a redirect after paying (`?done=`). */
  notice?: string | null;
  /** How a new card is taken: the test gateway's form, or a button to the processor's page. */
  newCard: NewCardWay;
  /** A card the customer just added on the processor's page (`?card=`), offered instead of the default. */
  chosen?: PaymentMethodObject | null;
}

/**
 * How the invoice page offers paying: once paid, "Paid" with the date; open, the amount due and
 * a button with the default card ("Pay $12.00 with Visa •••• 4242", or the card just added), and
 * a new card: the test gateway's form, or a button to the processor's page (the only way when
 * there is no card, else behind "Pay with another card").
 */
export async function paySection(ctx: Ctx, row: InvoiceRow, amountDue: number, view: PayView) {
  const { t, money, date } = view.locale;
  const notice = view.notice ? html`<div class="notice" role="status">${view.notice}</div>` : '';
  if (row.status === 'paid') {
    return html`<section class="pay" aria-labelledby="pay"><h2 id="pay">${t('invoice.status.paid')}</h2>${notice}<p>${t('doc.paid_on', { date: isolated(view.locale, date(row.paid_at)) })}</p></section>`;
  }
  if (!PAYABLE.has(row.status)) return '';
  const amount = money(amountDue, row.currency);
  const card = view.chosen ?? (await defaultCard(ctx, row));
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const alert = view.error ? html`<div class="alert" role="alert" id="pay-error">${view.error}</div>` : '';
  const described = view.error ? html` aria-describedby="pay-error"` : '';
  const withCard = card
    ? html`<form method="post" action="${view.action}">${csrf}${view.chosen ? html`<input type="hidden" name="pay_with" value="card"><input type="hidden" name="payment_method" value="${view.chosen.id}">` : html`<input type="hidden" name="pay_with" value="default">`}<button type="submit"${described}>${t('pay.submit_with', { amount, card: cardText(view.locale, card.card) })}</button></form>`
    : '';
  const newCard =
    view.newCard === 'form'
      ? html`<form method="post" action="${view.action}">${csrf}<input type="hidden" name="pay_with" value="new">
${testCardFields(view.locale, ctx.clock.now(), view.kept, view.error ? 'pay-error' : null)}
<p><button type="submit">${t('pay.submit', { amount })}</button></p></form>`
      : view.newCard === 'processor'
        ? html`<form method="post" action="${view.action}">${csrf}<input type="hidden" name="pay_with" value="new"><p class="muted">${t('cards.processor_page')}</p>
<p><button type="submit">${t('cards.continue')}</button></p></form>`
        : '';
  const other = card && newCard ? html`<details${view.kept?.pay_with === 'new' ? ' open' : ''}><summary>${t('pay.other_card')}</summary>${newCard}</details>` : newCard;
  return html`<section class="pay" aria-labelledby="pay"><h2 id="pay">${t('pay.section')}</h2>${notice}${alert}
<p>${t('pay.amount_due')}: <strong>${amount}</strong></p>
${withCard}${other}${!card && !newCard ? html`<p>${t('pay.contact', { business: view.business })}</p>` : ''}</section>`;
}
