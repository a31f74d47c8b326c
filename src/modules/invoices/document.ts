import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { formatDate, formatMoney } from '../../kit/format-money.ts';
import { parseJson } from '../../kit/json.ts';
import { findProject } from '../projects/repository.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { toInvoiceObject } from './object.ts';
import { findInvoiceByLinkHash } from './repository.ts';
import { loadInvoiceParts } from './view.ts';
import { taxIdLine } from '../tax-ids/types.ts';
import type { Clock } from '../../kit/clock.ts';
import type { InvoiceRow } from './repository.ts';

/**
 * What a customer sees of an invoice, every value already formatted: one model for
 * the PDF and the hosted page, so the two cannot drift apart.
 */
export interface InvoiceDocument {
  business: string;
  number: string;
  status: string;
  currency: string;
  dates: { label: string; value: string }[];
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

const period = (p: { start: number; end: number }) => (p.start === p.end ? formatDate(p.start) : `${formatDate(p.start)} – ${formatDate(p.end)}`);

/** Builds the document of a finalized invoice as `ctx` sees it. */
export async function invoiceDocument(ctx: Ctx, row: InvoiceRow): Promise<InvoiceDocument> {
  const parts = await loadInvoiceParts(ctx, row);
  const invoice = toInvoiceObject(parts);
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const project = await findProject(ctx.db, ctx.scope.projectId);
  const taxIds = [...new Set(invoice.total_tax_amounts.map((t) => t.tax_rate))];
  const taxRates = new Map((await loadTaxRates(ctx, taxIds)).map((t) => [t.id, `${t.display_name} ${t.percentage}%${t.inclusive ? ' (included)' : ''}`]));
  const coupons = new Map(parts.discounts.map((d) => [d.id, d.coupon]));
  return {
    business: project?.name ?? 'Bursar',
    number: invoice.number ?? invoice.id,
    status: invoice.status,
    currency: invoice.currency.toUpperCase(),
    dates: [
      { label: 'Created', value: formatDate(invoice.created) },
      { label: 'Due', value: formatDate(invoice.due_date) },
      { label: 'Paid', value: formatDate(invoice.status_transitions.paid_at) },
    ],
    customer: [
      invoice.customer_name,
      invoice.customer_email,
      ...addressLines(parseJson<Address | null>(parts.customer?.address, null)),
      ...invoice.customer_tax_ids.map((t) => taxIdLine(t.type, t.value)),
    ].filter((v): v is string => !!v),
    lines: invoice.lines.data.map((l) => ({
      description: l.description ?? '',
      period: period(l.period),
      quantity: String(l.quantity ?? 1),
      unitAmount: money(l.pricing?.unit_amount_decimal != null ? Number(l.pricing.unit_amount_decimal) : l.amount / (l.quantity || 1)),
      amount: money(l.amount),
    })),
    summary: [
      { label: 'Subtotal', value: money(invoice.subtotal) },
      ...invoice.total_discount_amounts.map((d) => ({ label: `Discount (${coupons.get(d.discount) ?? d.discount})`, value: money(-d.amount) })),
      ...invoice.total_tax_amounts.map((t) => ({ label: `Tax ${taxRates.get(t.tax_rate) ?? t.tax_rate}`, value: money(t.amount) })),
      { label: 'Total', value: money(invoice.total), strong: true },
      { label: 'Amount paid', value: money(invoice.amount_paid) },
      { label: 'Amount due', value: money(invoice.amount_remaining), strong: true },
    ],
    hostedUrl: invoice.hosted_invoice_url,
    pdfUrl: invoice.invoice_pdf,
  };
}

/** The document a public link token points to, or null for an unknown token or a draft. */
export async function documentByLinkHash(deps: { db: Db; clock: Clock; publicUrl?: string }, linkHash: string): Promise<InvoiceDocument | null> {
  const row = await findInvoiceByLinkHash(deps.db, linkHash);
  if (!row || row.status === 'draft') return null;
  const scope = { projectId: row.project_id, livemode: row.livemode === 1 };
  return invoiceDocument({ db: deps.db, clock: deps.clock, scope, requestId: null, idempotencyKey: null, publicUrl: deps.publicUrl }, row);
}
