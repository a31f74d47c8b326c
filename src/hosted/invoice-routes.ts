import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Ctx, ProcessorAccess } from '../context.ts';
import type { InvoiceRow } from '../modules/invoices/repository.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { BursarError } from '../kit/errors.ts';
import { documentByLinkHash, invoiceByLinkHash, invoiceDocument, type InvoiceDocument, type PickLocale } from '../modules/invoices/document.ts';
import { creditNoteDocumentByLinkHash } from '../modules/credit-notes/document.ts';
import { linkHashOf } from '../modules/invoices/links.ts';
import { loadInvoiceParts } from '../modules/invoices/view.ts';
import { findCustomer } from '../modules/customers/repository.ts';
import { parseJson } from '../kit/json.ts';
import { pdfLocale, renderInvoicePdf } from '../pdf/invoice-pdf.ts';
import { errorText } from '../portal/describe.ts';
import type { MessageKey } from '../portal/i18n/en.ts';
import { resolveLocale, type Locale } from '../portal/i18n/locale.ts';
import { readForm, type Form } from '../web/form.ts';
import { backFromBank, PAYABLE, payFromPage, toAuthentication } from '../web/invoice-payment.ts';
import { cardFromProcessor, newCardWay, processorCardPage, SETUP_OPEN, type CardFromProcessor } from '../web/processor-card.ts';
import { writeKeeping } from '../web/page-write.ts';
import { contentSecurityPolicy, securityHeadersFor } from '../web/security.ts';
import { processorPageOrigins } from '../modules/processor-settings/page-origins.ts';
import { processorKindOf } from '../modules/processor-settings/service.ts';
import { requireCustomerPaymentMethod, retrieveCustomerPaymentMethod } from '../modules/payment-methods/service.ts';
import type { PaymentMethodObject } from '../modules/payment-methods/object.ts';
import { saveTestCard, testCardOf } from '../web/test-card.ts';
import { invoiceCsrfToken, validInvoiceCsrf } from './invoice-csrf.ts';
import { INVOICE_PAGE_STYLE, invoicePage, messagePage, notFoundPage, refusedPage } from './invoice-page.ts';
import { defaultCard, paySection } from './pay-section.ts';

export interface InvoicePageDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  payments?: ProcessorAccess;
}

type Finder = (deps: InvoicePageDeps, linkHash: string, pickLocale: PickLocale) => Promise<InvoiceDocument | null>;

/** The reader's language: the customer's preferred locales, then the browser's Accept-Language. */
const readerLocale = (c: Context, preferred: readonly string[] = []) => resolveLocale(null, preferred, c.req.header('accept-language'));

/** Notices a redirect after paying may ask for (`?done=`). */
const DONE = new Set(['invoice_paid', 'already_paid']);

/** The card `?card=` names, when it is the invoice customer's. */
async function chosenCard(ctx: Ctx, row: InvoiceRow, id: string | undefined): Promise<PaymentMethodObject | null> {
  if (id === undefined || !PAYABLE.has(row.status)) return null;
  try {
    return await retrieveCustomerPaymentMethod(ctx, row.customer, id);
  } catch (error) {
    if (error instanceof BursarError && error.status < 500) return null;
    throw error;
  }
}

/** A pay form is a few fields. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * The public invoice page and its PDF, reached by the token in hosted_invoice_url / invoice_pdf,
 * each in the reader's language (the PDF in English where its font cannot write it); an open
 * invoice is paid from its page (POST → 303 → GET, no script).
 */
export function mountInvoicePages(app: Hono<any>, deps: InvoicePageDeps): void {
  const find = async (c: Context) => {
    const hash = linkHashOf(c.req.param('token') ?? '');
    return hash === null ? null : invoiceByLinkHash(deps, hash);
  };
  // A wrong link gets a page, not the API's JSON error: a person follows these links.
  const notFound = async (c: Context) => c.html(await notFoundPage(readerLocale(c)), 404);
  // The page, the PDF and their not-found page: each a capability link, never cached or framed.
  const headers = securityHeadersFor({ inlineStyles: [INVOICE_PAGE_STYLE] });

  /** The page with its pay section: after a refusal, its message and what the form kept. */
  const page = async (c: Context, found: NonNullable<Awaited<ReturnType<typeof find>>>, refusal: { error: BursarError; kept: Form } | null = null) => {
    const token = c.req.param('token')!;
    let locale!: Locale;
    const doc = await invoiceDocument(found.ctx, found.row, (preferred) => (locale = readerLocale(c, preferred)));
    const parts = await loadInvoiceParts(found.ctx, found.row);
    // Back from the card's bank (3-D Secure): paid, it is thanked for; still open, why it is not, before paying again.
    const returned = backFromBank(c);
    const done = c.req.query('done') ?? (returned && found.row.status === 'paid' ? 'invoice_paid' : undefined);
    const newCard = await newCardWay(found.ctx);
    // Its form may lead to the processor's page to add a card: CSP form-action covers the redirect.
    c.header('Content-Security-Policy', contentSecurityPolicy({ inlineStyles: [INVOICE_PAGE_STYLE], formTargets: newCard === 'processor' ? processorPageOrigins(await processorKindOf(deps.db, found.ctx.scope), deps.payments?.stripeApiUrl) : [] }));
    const pay = await paySection(found.ctx, found.row, Math.max(0, parts.totals.amount_due - found.row.amount_paid), {
      newCard,
      chosen: await chosenCard(found.ctx, found.row, c.req.query('card')),
      locale,
      business: doc.business,
      action: `/invoices/${token}/pay`,
      // Only a page with forms needs the cookie their token rests on.
      csrf: PAYABLE.has(found.row.status) ? invoiceCsrfToken(c, deps.publicUrl, token) : '',
      error: refusal ? errorText(locale, refusal.error) : (returned && PAYABLE.has(found.row.status) ? locale.t('pay.not_completed') : null),
      kept: refusal?.kept ?? {},
      notice: done && DONE.has(done) ? locale.t(`done.${done}` as MessageKey) : null,
    });
    return c.html(await invoicePage(doc, pay), refusal ? (refusal.error.status === 402 ? 402 : 400) : 200);
  };

  app.get('/invoices/:token', headers, async (c) => {
    const found = await find(c);
    if (!found) return notFound(c);
    const setup = c.req.query('setup');
    return setup === undefined ? page(c, found) : cardAdded(c, found, setup);
  });

  /** Back from the processor's page with a new card: saved, and offered to pay with. */
  const cardAdded = async (c: Context, found: NonNullable<Awaited<ReturnType<typeof find>>>, setup: string) => {
    const here = `/invoices/${c.req.param('token')}`;
    if (!PAYABLE.has(found.row.status)) return c.redirect(here, 303);
    let outcome: CardFromProcessor;
    try {
      outcome = await cardFromProcessor(found.ctx, found.row.customer, setup, (save) => writeKeeping(found.ctx, save));
    } catch (error) {
      if (error instanceof BursarError && error.status < 500) return notFound(c);
      throw error;
    }
    if (outcome.status === 'saved') return c.redirect(`${here}?card=${outcome.paymentMethod.id}`, 303);
    if (outcome.status === 'requires_action') return c.redirect(outcome.actionUrl, 303);
    const error = outcome.status === 'open' ? BursarError.invalid('The card is not saved yet.', undefined, SETUP_OPEN) : BursarError.card(outcome.message, outcome.code);
    return page(c, found, { error, kept: {} });
  };

  app.post(
    '/invoices/:token/pay',
    headers,
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('Form too large', 413) }),
    async (c) => {
      const found = await find(c);
      if (!found) return notFound(c);
      const token = c.req.param('token');
      const here = `/invoices/${token}`;
      let form: Form;
      try {
        form = await readForm(c);
      } catch (error) {
        if (error instanceof BursarError) return c.html(await refusedPage(readerLocale(c)), 400);
        throw error;
      }
      if (!validInvoiceCsrf(c, deps.publicUrl, token, form._csrf)) return c.html(await refusedPage(readerLocale(c)), 403);
      const { ctx, row } = found;
      if (row.status === 'paid') return c.redirect(`${here}?done=already_paid`, 303);
      if (!PAYABLE.has(row.status)) return c.redirect(here, 303);
      if (form.pay_with === 'new' && (await newCardWay(ctx)) === 'processor') {
        return c.redirect(await processorCardPage(ctx, row.customer, { back: `${deps.publicUrl}${here}`, cancel: `${deps.publicUrl}${here}` }), 303);
      }
      const outcome = await payFromPage(ctx, row.id, `${deps.publicUrl}${here}`, async (trx) => {
        if (form.pay_with === 'card' && typeof form.payment_method === 'string') {
          return { id: (await requireCustomerPaymentMethod(trx, form.payment_method, row.customer, 'payment_method')).id, makeDefault: false };
        }
        if (form.pay_with === 'new' && !ctx.scope.livemode) {
          // The customer's first card pays from now on too; another one only pays this invoice.
          const first = (await defaultCard(trx, row)) === null;
          return { id: (await saveTestCard(trx, row.customer, testCardOf(form))).id, makeDefault: first };
        }
        const card = await defaultCard(trx, row);
        if (!card) throw BursarError.invalid('This invoice has no card to pay with.', 'payment_method');
        return { id: card.id, makeDefault: false };
      });
      switch (outcome.kind) {
        case 'paid':
          return c.redirect(`${here}?done=invoice_paid`, 303);
        case 'already_paid':
          return c.redirect(`${here}?done=already_paid`, 303);
        case 'authenticate': {
          const locale = readerLocale(c, parseJson<string[]>((await findCustomer(ctx.db, ctx.scope, row.customer))?.preferred_locales, []));
          return toAuthentication(c, outcome.url, deps.publicUrl, locale, async (title, body) => c.html(await messagePage(locale, title, body)));
        }
        case 'refused': {
          // The attempt may have been recorded (a decline counts): show the invoice as it is now.
          const now = await find(c);
          return now ? page(c, now, { error: outcome.error, kept: form }) : notFound(c);
        }
      }
    },
  );

  const pdf = (findDocument: Finder) => async (c: Context) => {
    const hash = linkHashOf(c.req.param('token') ?? '');
    const doc = hash === null ? null : await findDocument(deps, hash, (preferred) => pdfLocale(readerLocale(c, preferred)));
    if (!doc) return notFound(c);
    const pdf = await renderInvoicePdf(doc);
    // Numbers are prefix-digits, but keep the header safe whatever a number holds.
    const filename = doc.number.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${filename}.pdf"`,
    });
  };
  app.get('/invoices/:token/pdf', headers, pdf(documentByLinkHash));
  // A credit note has its PDF only (credit_note.pdf), drawn like an invoice's.
  app.get('/credit_notes/:token/pdf', headers, pdf(creditNoteDocumentByLinkHash));
}
