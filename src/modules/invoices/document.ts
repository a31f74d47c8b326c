import type { Ctx, ProcessorAccess } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { isolated, type Locale } from '../../portal/i18n/locale.ts';
import type { MessageKey } from '../../portal/i18n/en.ts';
import { parseJson } from '../../kit/json.ts';
import { findProject } from '../projects/repository.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { toInvoiceObject } from './object.ts';
import { findInvoiceByLinkHash } from './repository.ts';
import { loadInvoiceParts } from './view.ts';
import { lineTexts } from './line-text.ts';
import { taxIdLine } from '../tax-ids/types.ts';
import type { Clock } from '../../kit/clock.ts';
import type { InvoiceRow } from './repository.ts';
import { balanceUse } from '../../billing/balance-use.ts';

/**
 * What a customer sees of an invoice, every value already formatted: one model for
 * the PDF and the hosted page, so the two cannot drift apart.
 */
export interface InvoiceDocument {
  /** The language it is written in (a catalog's tag) and its direction. */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Headings and column titles, in that language. */
  text: {
    title: string;
    heading: string;
    status: string;
    download: string;
    billTo: string;
    lines: string;
    columns: { description: string; period: string; quantity: string; unitAmount: string; amount: string };
    summary: string;
  };
  business: string;
  number: string;
  /** The status as the reader's language names it. */
  status: string;
  currency: string;
  /** Dates, then anything else the header lists as label and value (an invoice's custom_fields). */
  dates: { label: string; value: string }[];
  /** The merchant's own texts: a note above the lines (an invoice's description) and a footer below everything. */
  memo?: string | null;
  footer?: string | null;
  customer: string[];
  lines: { description: string; period: string; quantity: string; unitAmount: string; amount: string }[];
  /** Subtotal, discounts, taxes, total, paid, due: label and formatted amount, in order. */
  summary: { label: string; value: string; strong?: boolean }[];
  hostedUrl: string | null;
  pdfUrl: string | null;
}

type Address = { line1?: string | null; line2?: string | null; city?: string | null; state?: string | null; postal_code?: string | null; country?: string | null };

function addressLines(address: Address | null): string[] {
  if (!address) return [];
  const cityLine = [address.postal_code, address.city, address.state].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.country].filter((v): v is string => !!v);
}

/** Picks the language of a document from its customer's preferred locales. */
export type PickLocale = (preferred: readonly string[]) => Locale;

/**
 * What every document of an invoice shares (the invoice's own, its credit notes'): the
 * language `pickLocale` chooses from the customer's preferences, money in the invoice's
 * currency, the business, the bill-to lines, headings and tax rate labels.
 */
export async function documentBasis(ctx: Ctx, row: InvoiceRow, pickLocale: PickLocale) {
  const parts = await loadInvoiceParts(ctx, row);
  const locale = pickLocale(parseJson<string[]>(parts.customer?.preferred_locales, []));
  const { t } = locale;
  const invoice = toInvoiceObject(parts);
  const money = (amount: number) => locale.money(amount, invoice.currency);
  const percent = new Intl.NumberFormat(locale.intl, { style: 'percent', maximumFractionDigits: 4 });
  const project = await findProject(ctx.db, ctx.scope.projectId);
  const taxIds = [...new Set(invoice.total_taxes.map((x) => x.tax_rate_details.tax_rate))];
  const taxRates = new Map(
    (await loadTaxRates(ctx, taxIds)).map((x) => {
      const rate = `${x.display_name} ${percent.format(Number(x.percentage) / 100)}`;
      return [x.id, x.inclusive ? t('doc.tax_included', { rate }) : rate];
    }),
  );
  const business = project?.name ?? 'Bursar';
  const currency = invoice.currency.toUpperCase();
  return {
    parts,
    invoice,
    locale,
    money,
    business,
    /** "Tax VAT 10 %" for a tax rate of the invoice. */
    taxLabel: (id: string) => t('doc.tax', { name: taxRates.get(id) ?? id }),
    period: (p: { start: number; end: number }) => (p.start === p.end ? locale.date(p.start) : `${locale.date(p.start)} – ${locale.date(p.end)}`),
    shared: {
      lang: locale.tag,
      dir: locale.dir,
      business,
      currency,
      customer: [
        invoice.customer_name,
        invoice.customer_email,
        ...addressLines(parseJson<Address | null>(parts.customer?.address, null)),
        ...invoice.customer_tax_ids.map((x) => taxIdLine(x.type, x.value)),
      ].filter((v): v is string => !!v),
    },
    /** Headings every document has, around its own title and heading. */
    text: (title: string, heading: string) => ({
      title,
      heading,
      status: t('doc.status'),
      download: t('doc.download'),
      billTo: t('doc.bill_to'),
      lines: t('doc.lines', { currency }),
      columns: { description: t('doc.description'), period: t('doc.period'), quantity: t('doc.quantity'), unitAmount: t('doc.unit_price'), amount: t('doc.amount') },
      summary: t('doc.summary'),
    }),
  };
}

/**
 * Builds the document of a finalized invoice as `ctx` sees it, in the language `pickLocale`
 * chooses: labels from the catalogs, money, dates and percentages by Intl, and the billing
 * engine's own line texts (line-text.ts).
 */
export async function invoiceDocument(ctx: Ctx, row: InvoiceRow, pickLocale: PickLocale): Promise<InvoiceDocument> {
  const { parts, invoice, locale, money, business, taxLabel, period, shared, text } = await documentBasis(ctx, row, pickLocale);
  const { t } = locale;
  const coupons = new Map(parts.discounts.map((d) => [d.id, d.coupon]));
  const descriptions = await lineTexts(ctx, locale, invoice.lines.data);
  const number = invoice.number ?? invoice.id;
  const { applied, credited } = balanceUse(invoice);
  return {
    ...shared,
    text: text(t('doc.title', { number: isolated(locale, number), business }), t('doc.heading', { number: isolated(locale, number) })),
    number,
    status: t(`invoice.status.${invoice.status}` as MessageKey),
    dates: [
      { label: t('doc.created'), value: locale.date(invoice.created) },
      { label: t('doc.due'), value: locale.date(invoice.due_date) },
      { label: t('doc.paid'), value: locale.date(invoice.status_transitions.paid_at) },
      ...(invoice.custom_fields ?? []).map((f) => ({ label: f.name, value: f.value })),
    ],
    memo: invoice.description,
    footer: invoice.footer,
    lines: invoice.lines.data.map((l, i) => ({
      description: descriptions[i],
      period: period(l.period),
      quantity: String(l.quantity ?? 1),
      unitAmount: money(l.pricing?.unit_amount_decimal != null ? Number(l.pricing.unit_amount_decimal) : l.amount / (l.quantity || 1)),
      amount: money(l.amount),
    })),
    summary: [
      { label: t('doc.subtotal'), value: money(invoice.subtotal) },
      ...invoice.total_discount_amounts.map((d) => ({ label: t('doc.discount', { name: coupons.get(d.discount) ?? d.discount }), value: money(-d.amount) })),
      ...invoice.total_taxes.map((x) => ({ label: taxLabel(x.tax_rate_details.tax_rate), value: money(x.amount) })),
      { label: t('doc.total'), value: money(invoice.total), strong: true },
      ...(applied !== 0 ? [{ label: t('doc.applied_balance'), value: money(applied) }] : []),
      ...(credited !== 0 ? [{ label: t('doc.balance_credit'), value: money(credited) }] : []),
      ...(invoice.pre_payment_credit_notes_amount !== 0 ? [{ label: t('doc.credit_notes'), value: money(-invoice.pre_payment_credit_notes_amount) }] : []),
      { label: t('doc.amount_paid'), value: money(invoice.amount_paid) },
      { label: t('doc.amount_due'), value: money(invoice.amount_remaining), strong: true },
    ],
    hostedUrl: invoice.hosted_invoice_url,
    pdfUrl: invoice.invoice_pdf,
  };
}

/** The finalized invoice a public link token points to, with a context of its project and mode; null for an unknown token or a draft. */
export async function invoiceByLinkHash(deps: DocumentDeps, linkHash: string): Promise<{ ctx: Ctx; row: InvoiceRow } | null> {
  const row = await findInvoiceByLinkHash(deps.db, linkHash);
  if (!row || row.status === 'draft') return null;
  return { ctx: linkCtx(deps, row), row };
}

/** The document a public link token points to, or null for an unknown token or a draft. */
export async function documentByLinkHash(deps: DocumentDeps, linkHash: string, pickLocale: PickLocale): Promise<InvoiceDocument | null> {
  const found = await invoiceByLinkHash(deps, linkHash);
  return found && invoiceDocument(found.ctx, found.row, pickLocale);
}

export type DocumentDeps = { db: Db; clock: Clock; publicUrl?: string; payments?: ProcessorAccess };

/** The context a public link reads in: the scope of the object it points to. */
export function linkCtx(deps: DocumentDeps, row: { project_id: string; livemode: number }): Ctx {
  return { db: deps.db, clock: deps.clock, scope: { projectId: row.project_id, livemode: row.livemode === 1 }, requestId: null, idempotencyKey: null, publicUrl: deps.publicUrl, ...deps.payments };
}
