import { isolated } from '../../portal/i18n/locale.ts';
import type { MessageKey } from '../../portal/i18n/en.ts';
import { documentBasis, linkCtx, type DocumentDeps, type InvoiceDocument, type PickLocale } from '../invoices/document.ts';
import { findInvoice } from '../invoices/repository.ts';
import { lineTexts } from '../invoices/line-text.ts';
import { toCreditNoteObject } from './object.ts';
import { creditNoteLinesOf, findCreditNoteByLinkHash } from './repository.ts';
import { creditNotePdfUrl } from './links.ts';

/**
 * A credit note as its PDF shows it: the same model as an invoice's document (so the same
 * renderer draws it), with the invoice's business and bill-to, and the credit note's own
 * lines and sums: what it took off the amount due, credited to the balance or out of band.
 */
export async function creditNoteDocumentByLinkHash(deps: DocumentDeps, linkHash: string, pickLocale: PickLocale): Promise<InvoiceDocument | null> {
  const row = await findCreditNoteByLinkHash(deps.db, linkHash);
  if (!row) return null;
  const ctx = linkCtx(deps, row);
  const invoiceRow = await findInvoice(ctx.db, ctx.scope, row.invoice);
  if (!invoiceRow) return null;
  const { invoice, locale, money, business, taxLabel, period, shared, text } = await documentBasis(ctx, invoiceRow, pickLocale);
  const { t } = locale;
  const note = toCreditNoteObject(row, await creditNoteLinesOf(ctx.db, ctx.scope, row.id), await creditNotePdfUrl(ctx, row.id));
  // A line of the invoice reads as it does on the invoice's own document.
  const texts = await lineTexts(ctx, locale, invoice.lines.data);
  const invoiceLines = new Map(invoice.lines.data.map((l, i) => [l.id, { period: l.period, text: texts[i] }]));
  const number = note.number;
  const sums = [
    { label: t('cn.pre_payment'), amount: note.pre_payment_amount },
    { label: t('doc.balance_credit'), amount: row.credit_amount },
    { label: t('cn.out_of_band'), amount: row.out_of_band_amount },
  ].filter((s) => s.amount !== 0);
  return {
    ...shared,
    text: text(t('cn.title', { number: isolated(locale, number), business }), t('cn.heading', { number: isolated(locale, number) })),
    number,
    status: t(`cn.status.${note.status}` as MessageKey),
    dates: [
      { label: t('doc.created'), value: locale.date(note.effective_at ?? note.created) },
      { label: t('cn.invoice'), value: invoice.number ?? invoice.id },
      ...(note.memo ? [{ label: t('cn.memo'), value: note.memo }] : []),
    ],
    lines: note.lines.data.map((l) => {
      const credited = 'invoice_line_item' in l && l.invoice_line_item ? invoiceLines.get(l.invoice_line_item) : undefined;
      return {
        description: credited?.text || l.description || t('cn.credit'),
        period: credited ? period(credited.period) : '',
        quantity: l.quantity === null ? '' : String(l.quantity),
        unitAmount: l.unit_amount === null ? '' : money(l.unit_amount),
        amount: money(l.amount),
      };
    }),
    summary: [
      { label: t('doc.subtotal'), value: money(note.subtotal) },
      ...(note.discount_amount !== 0 ? [{ label: t('plan.discount'), value: money(-note.discount_amount) }] : []),
      ...note.total_taxes.map((x) => ({ label: taxLabel(x.tax_rate_details.tax_rate), value: money(x.amount) })),
      { label: t('doc.total'), value: money(note.total), strong: true },
      ...sums.map((s) => ({ label: s.label, value: money(s.amount) })),
    ],
    hostedUrl: null,
    pdfUrl: note.pdf,
  };
}
