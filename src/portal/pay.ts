import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { BursarError } from '../kit/errors.ts';
import type { InvoiceObject } from '../modules/invoices/object.ts';
import { retrieveInvoice } from '../modules/invoices/service.ts';
import { publicUrlOf } from '../modules/invoices/links.ts';
import { listCustomerPaymentMethods, requireCustomerPaymentMethod } from '../modules/payment-methods/service.ts';
import type { PaymentMethodObject } from '../modules/payment-methods/object.ts';
import { backFromBank, cardText, PAYABLE, payFromPage, toAuthentication, type PaymentOutcome } from '../web/invoice-payment.ts';
import { cardFromProcessor, newCardWay, processorCardPage, type CardFromProcessor, type NewCardWay } from '../web/processor-card.ts';
import { saveTestCard, testCardFields, testCardOf } from '../web/test-card.ts';
import type { Form } from '../web/form.ts';
import { isolated, type Locale } from './i18n/locale.ts';
import { portalWrite, type PortalEnv, type PortalRequest } from './context.ts';
import { errorText } from './describe.ts';
import { alertBox, csrfField, noticeBox, portalPage } from './layout.ts';
import { refuse } from './session-routes.ts';

/** The Pay action of an open invoice, naming it for a screen reader; `from` is where paying comes back to. */
export const payLink = (t: Locale['t'], invoice: InvoiceObject, from = '') =>
  html`<a class="button" href="/p/invoices/${invoice.id}/pay${from ? `?from=${from}` : ''}">${t('invoices.pay')}<span class="sr-only"> ${invoice.number}</span></a>`;

/** Notices the pay page shows after a redirect (`?done=`). */
const PAY_DONE = ['already_paid', 'invoice_paid'] as const;

/** The customer's own finalized invoice, or null: another customer's looks exactly like a missing one. */
async function ownInvoice(p: PortalRequest, id: string): Promise<InvoiceObject | null> {
  try {
    const invoice = await retrieveInvoice(p.ctx, id);
    return invoice.customer === p.customer.id && invoice.status !== 'draft' ? invoice : null;
  } catch (error) {
    if (error instanceof BursarError && error.status === 404) return null;
    throw error;
  }
}

/** Where the customer goes back to: the overview, or the invoice history when the configuration shows it. */
function backTo(p: PortalRequest, from: unknown): string {
  return from === 'overview' || !p.frame.sections.includes('invoices') ? '/p' : '/p/invoices';
}

const fromField = (from: unknown) => (from === 'overview' ? html`<input type="hidden" name="from" value="overview">` : '');

/** How the customer may pay with a card added now: when the configuration lets them add cards, as the processor takes them. */
const newCardOf = async (p: PortalRequest): Promise<NewCardWay> => (p.config.features.payment_method_update.enabled ? newCardWay(p.ctx) : null);

interface PayView {
  error?: string | null;
  /** The card chosen in the refused attempt, kept checked. */
  chosen?: string;
  notice?: string;
  status?: 200 | 400 | 402;
}

/** The card checked first: the one just chosen, else the invoice's default, else the customer's, else the first. */
function preselected(p: PortalRequest, invoice: InvoiceObject, cards: PaymentMethodObject[], chosen: string | undefined, newCard: boolean): string | null {
  const ids = cards.map((c) => c.id);
  const wanted = [chosen, invoice.default_payment_method, p.customer.invoice_settings.default_payment_method];
  return wanted.find((id): id is string => !!id && (ids.includes(id) || id === 'new')) ?? ids[0] ?? (newCard ? 'new' : null);
}

/** The pay page: what is due and the cards to pay with; a paid invoice says so, as does one that is void. */
async function payPage(c: Context<PortalEnv>, invoice: InvoiceObject, view: PayView = {}) {
  const p = c.get('portal');
  const { frame, ctx } = p;
  const { t, money, date } = frame.locale;
  const from = c.req.query('from') ?? p.form.from;
  const back = html`<a class="button secondary" href="${backTo(p, from)}">${t('link.back')}</a>`;
  // Back from the card's bank (3-D Secure): paid, it is thanked for; still open, why it is not, before paying again.
  const returned = backFromBank(c);
  const done = c.req.query('done') ?? (returned && invoice.status === 'paid' ? 'invoice_paid' : undefined);
  const notice = noticeBox(view.notice ?? (done && (PAY_DONE as readonly string[]).includes(done) ? t(`done.${done as (typeof PAY_DONE)[number]}`) : null));
  const number = isolated(frame.locale, invoice.number ?? invoice.id);
  const title = PAYABLE.has(invoice.status) ? t('pay.title', { number }) : t('doc.heading', { number });
  const viewLink = invoice.hosted_invoice_url ? html`<a href="${invoice.hosted_invoice_url}">${t('invoices.view')}<span class="sr-only"> ${invoice.number}</span></a>` : '';
  if (!PAYABLE.has(invoice.status)) {
    const state = invoice.status === 'paid' ? t('pay.paid', { amount: isolated(frame.locale, money(invoice.amount_paid, invoice.currency)), date: isolated(frame.locale, date(invoice.status_transitions.paid_at)) }) : t('pay.closed');
    return c.html(await portalPage(frame, null, title, html`${notice}<p>${state}</p><div class="actions">${back} ${viewLink}</div>`));
  }
  const defaultId = p.customer.invoice_settings.default_payment_method;
  // The default card first, then the others as listed.
  const cards = (await listCustomerPaymentMethods(ctx, p.customer.id, { limit: 100 })).data.sort((a, b) => Number(b.id === defaultId) - Number(a.id === defaultId));
  const newCard = (await newCardOf(p)) !== null;
  const checked = preselected(p, invoice, cards, view.chosen ?? c.req.query('card'), newCard);
  const error = view.error ?? (returned ? t('pay.not_completed') : null);
  const option = (value: string, label: string) =>
    html`<label><input type="radio" name="payment_method" value="${value}"${value === checked ? ' checked' : ''} required> ${label}</label>`;
  const amount = money(invoice.amount_remaining, invoice.currency);
  const form =
    checked === null
      ? html`<p>${t('pay.no_card')}</p><div class="actions">${invoice.hosted_invoice_url ? html`<a class="button" href="${invoice.hosted_invoice_url}">${t('pay.open_invoice')}</a>` : ''} ${back}</div>`
      : html`<form method="post" action="/p/invoices/${invoice.id}/pay">${csrfField(frame)}${fromField(from)}
<fieldset${error ? html` aria-describedby="pay-error"` : ''}><legend>${t('pay.with')}</legend>
${cards.map((pm) => option(pm.id, cardText(frame.locale, pm.card)))}
${newCard ? option('new', t('pay.new_card')) : ''}
</fieldset>
<div class="actions"><button type="submit">${t('pay.submit', { amount })}</button> ${back}</div>
</form>`;
  const body = html`${notice}${alertBox(error, 'pay-error')}
<dl><dt>${t('pay.amount_due')}</dt><dd><strong>${amount}</strong></dd>${invoice.due_date ? html`<dt>${t('doc.due')}</dt><dd>${date(invoice.due_date)}</dd>` : ''}<dt>${t('invoices.links')}</dt><dd>${viewLink || '—'}</dd></dl>
${form}`;
  return c.html(await portalPage(frame, null, title, body), view.status ?? 200);
}

/** The test gateway's card form, to pay with a card the customer adds now. */
async function newCardPage(c: Context<PortalEnv>, invoice: InvoiceObject, error: string | null = null, kept: Form = {}, status: 200 | 400 | 402 = 200) {
  const p = c.get('portal');
  const { frame, ctx } = p;
  const { t, money } = frame.locale;
  const from = c.req.query('from') ?? p.form.from;
  const amount = money(invoice.amount_remaining, invoice.currency);
  const body = html`${alertBox(error, 'pay-error')}
<dl><dt>${t('pay.amount_due')}</dt><dd><strong>${amount}</strong></dd></dl>
<form method="post" action="/p/invoices/${invoice.id}/pay/card">${csrfField(frame)}${fromField(from)}
${testCardFields(frame.locale, ctx.clock.now(), kept, error ? 'pay-error' : null)}
<div class="actions"><button type="submit">${t('pay.save_and_pay', { amount })}</button> <a class="button secondary" href="/p/invoices/${invoice.id}/pay${from === 'overview' ? '?from=overview' : ''}">${t('link.back')}</a></div>
</form>`;
  return c.html(await portalPage(frame, null, t('pay.new_card_title', { number: isolated(frame.locale, invoice.number ?? invoice.id) }), body), status);
}

const fromQuery = (from: unknown) => (from === 'overview' ? '?from=overview' : '');

/** Where the customer's bank sends them back after authenticating: this pay page, remembering where they came from. */
const returnTo = (p: PortalRequest, invoice: InvoiceObject) => `${publicUrlOf(p.ctx)}/p/invoices/${invoice.id}/pay${fromQuery(p.form.from)}`;

/** Sends the customer to the processor's page for a new card; back, it is saved and preselected on this pay page. */
async function toProcessorCard(c: Context<PortalEnv>, p: PortalRequest, invoice: InvoiceObject) {
  const pay = `${publicUrlOf(p.ctx)}/p/invoices/${invoice.id}/pay`;
  return c.redirect(await processorCardPage(p.ctx, p.customer.id, { back: `${pay}/card/return${fromQuery(p.form.from)}`, cancel: `${pay}${fromQuery(p.form.from)}` }, p.frame.locale.tag), 303);
}

const alreadyPaid = (c: Context<PortalEnv>, invoice: InvoiceObject) => c.redirect(`/p/invoices/${invoice.id}/pay?done=already_paid`, 303);

/** Where each outcome of a payment leads; a refusal is shown by `refused`. */
function answer(c: Context<PortalEnv>, invoice: InvoiceObject, outcome: PaymentOutcome, refused: (error: BursarError) => Promise<Response>) {
  const p = c.get('portal');
  switch (outcome.kind) {
    case 'paid':
      return c.redirect(`${backTo(p, p.form.from)}?done=invoice_paid`, 303);
    case 'already_paid':
      return alreadyPaid(c, invoice);
    case 'authenticate':
      return toAuthentication(c, outcome.url, publicUrlOf(p.ctx), p.frame.locale, async (title, body) => c.html(await portalPage(p.frame, null, title, body)));
    case 'refused':
      return refused(outcome.error);
  }
}

const refusalStatus = (error: BursarError) => (error.status === 402 ? 402 : 400);

/**
 * Paying an open invoice: the pay page (a saved card, or a new one in test mode), its POST,
 * and the new card's form. Plain forms, POST → 303 → GET; a paid invoice is never charged again.
 */
export function mountPay(app: Hono<PortalEnv>): void {
  const load = (c: Context<PortalEnv>) => ownInvoice(c.get('portal'), c.req.param('id')!);
  const notFound = (c: Context<PortalEnv>) => refuse(c, 'not_found', c.get('portal').session, c.get('portal').frame.locale);

  app.get('/p/invoices/:id/pay', async (c) => {
    const invoice = await load(c);
    return invoice ? payPage(c, invoice) : notFound(c);
  });

  /** A POST that pays: the customer's own invoice, and one already paid is said to be, whatever the form asked. */
  const paying = (pay: (c: Context<PortalEnv>, p: PortalRequest, invoice: InvoiceObject) => Promise<Response>) => async (c: Context<PortalEnv>) => {
    const invoice = await load(c);
    if (!invoice) return notFound(c);
    return invoice.status === 'paid' ? alreadyPaid(c, invoice) : pay(c, c.get('portal'), invoice);
  };

  app.post(
    '/p/invoices/:id/pay',
    paying(async (c, p, invoice) => {
      const chosen = typeof p.form.payment_method === 'string' ? p.form.payment_method : '';
      const way = chosen === 'new' ? await newCardOf(p) : null;
      if (way === 'form') return c.redirect(`/p/invoices/${invoice.id}/pay/card${fromQuery(p.form.from)}`, 303);
      if (way === 'processor' && PAYABLE.has(invoice.status)) return toProcessorCard(c, p, invoice);
      if (!PAYABLE.has(invoice.status) || chosen === '') return payPage(c, invoice);
      const outcome = await payFromPage(p.ctx, invoice.id, returnTo(p, invoice), async (ctx) => ({ id: (await requireCustomerPaymentMethod(ctx, chosen, p.customer.id, 'payment_method')).id, makeDefault: false }));
      return answer(c, invoice, outcome, (error) => payPage(c, invoice, { error: errorText(p.frame.locale, error), chosen, status: refusalStatus(error) }));
    }),
  );

  const loadForNewCard = async (c: Context<PortalEnv>) => {
    const invoice = (await newCardOf(c.get('portal'))) === 'form' ? await load(c) : null;
    return invoice && PAYABLE.has(invoice.status) ? invoice : null;
  };

  // Back from the processor's page: the card is saved and checked on the pay page, which pays with it.
  app.get('/p/invoices/:id/pay/card/return', async (c) => {
    const p = c.get('portal');
    const invoice = (await newCardOf(p)) === 'processor' ? await load(c) : null;
    if (!invoice) return notFound(c);
    let outcome: CardFromProcessor;
    try {
      outcome = await cardFromProcessor(p.ctx, p.customer.id, c.req.query('setup') ?? '', (save) => portalWrite(p, save));
    } catch (error) {
      if (error instanceof BursarError && error.status < 500) return notFound(c);
      throw error;
    }
    const from = c.req.query('from');
    if (outcome.status === 'saved') return c.redirect(`/p/invoices/${invoice.id}/pay?card=${outcome.paymentMethod.id}${from === 'overview' ? '&from=overview' : ''}`, 303);
    if (outcome.status === 'requires_action') return c.redirect(outcome.actionUrl, 303);
    if (outcome.status === 'open') return payPage(c, invoice, { notice: p.frame.locale.t('cards.setup_open') });
    return payPage(c, invoice, { error: errorText(p.frame.locale, BursarError.card(outcome.message, outcome.code)), status: 402 });
  });

  app.get('/p/invoices/:id/pay/card', async (c) => {
    const invoice = await loadForNewCard(c);
    return invoice ? newCardPage(c, invoice) : notFound(c);
  });

  app.post(
    '/p/invoices/:id/pay/card',
    paying(async (c, p, invoice) => {
      if ((await newCardOf(p)) !== 'form' || !PAYABLE.has(invoice.status)) return notFound(c);
      const card = testCardOf(p.form);
      // As a card added in the portal does, it pays from now on: once it paid this invoice.
      const outcome = await payFromPage(p.ctx, invoice.id, returnTo(p, invoice), async (ctx) => ({ id: (await saveTestCard(ctx, p.customer.id, card)).id, makeDefault: true }));
      return answer(c, invoice, outcome, (error) => newCardPage(c, invoice, errorText(p.frame.locale, error), p.form, refusalStatus(error)));
    }),
  );
}
