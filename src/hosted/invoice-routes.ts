import type { Context, Hono } from 'hono';
import type { ProcessorAccess } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { documentByLinkHash, type InvoiceDocument, type PickLocale } from '../modules/invoices/document.ts';
import { creditNoteDocumentByLinkHash } from '../modules/credit-notes/document.ts';
import { linkHashOf } from '../modules/invoices/links.ts';
import { pdfLocale, renderInvoicePdf } from '../pdf/invoice-pdf.ts';
import { resolveLocale, type Locale } from '../portal/i18n/locale.ts';
import { securityHeadersFor } from '../web/security.ts';
import { INVOICE_PAGE_STYLE, invoicePage, notFoundPage } from './invoice-page.ts';

export interface InvoicePageDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  payments?: ProcessorAccess;
}

type Finder = (deps: InvoicePageDeps, linkHash: string, pickLocale: PickLocale) => Promise<InvoiceDocument | null>;

/** The reader's language: the customer's preferred locales, then the browser's Accept-Language. */
const readerLocale = (c: Context, preferred: readonly string[] = []) => resolveLocale(null, preferred, c.req.header('accept-language'));

/**
 * The public invoice page and its PDF, reached by the token in hosted_invoice_url / invoice_pdf,
 * each in the reader's language (the PDF in English where its font cannot write it).
 */
export function mountInvoicePages(app: Hono<any>, deps: InvoicePageDeps): void {
  const load = async (c: Context, fit: (l: Locale) => Locale = (l) => l, find: Finder = documentByLinkHash) => {
    const hash = linkHashOf(c.req.param('token') ?? '');
    return hash === null ? null : find(deps, hash, (preferred) => fit(readerLocale(c, preferred)));
  };
  // A wrong link gets a page, not the API's JSON error: a person follows these links.
  const notFound = async (c: Context) => c.html(await notFoundPage(readerLocale(c)), 404);
  // The page, the PDF and their not-found page: each a capability link, never cached or framed.
  const headers = securityHeadersFor({ inlineStyles: [INVOICE_PAGE_STYLE] });

  app.get('/invoices/:token', headers, async (c) => {
    const doc = await load(c);
    if (!doc) return notFound(c);
    return c.html(await invoicePage(doc));
  });
  const pdf = (find: Finder) => async (c: Context) => {
    const doc = await load(c, pdfLocale, find);
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
