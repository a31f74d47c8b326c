import type { Ctx } from '../../context.ts';
import type { TaxAmount } from '../../billing/totals.ts';
import { divRound } from '../../billing/div-round.ts';
import { lineAmount } from '../../billing/amount-limit.ts';
import { formatMoney } from '../../kit/format-money.ts';
import { BursarError } from '../../kit/errors.ts';
import { mergeMetadata } from '../../api/params.ts';
import type { InvoiceObject } from '../invoices/object.ts';
import { retrieveInvoice } from '../invoices/service.ts';
import { creditedPerInvoiceLine } from './repository.ts';
import { planRefunds, type RefundPlan } from './refunds.ts';
import type { CreditNoteLineParam, CreditNoteParams } from './schemas.ts';

/** A line as it will be stored: what it credits before discounts and exclusive tax, and its shares of them. */
export interface PlannedLine {
  type: 'invoice_line_item' | 'custom_line_item';
  invoice_line_item: string | null;
  description: string | null;
  quantity: number | null;
  unit_amount: number | null;
  amount: number;
  discount_amount: number;
  taxes: TaxAmount[];
  metadata: Record<string, string>;
}

/** Everything a credit note would be, computed from its invoice and the request; nothing written. */
export interface CreditNotePlan {
  invoice: InvoiceObject;
  lines: PlannedLine[];
  subtotal: number;
  discount_amount: number;
  total: number;
  taxes: TaxAmount[];
  /** What it takes off what the open invoice still asks for. */
  pre_payment_amount: number;
  /** The rest: credited to the balance, refunded or credited out of band. */
  post_payment_amount: number;
  credit_amount: number;
  out_of_band_amount: number;
  /** Refunded through the invoice's payment: `refunds.create` new, the rest linked. */
  refund_amount: number;
  refunds: RefundPlan;
  type: 'pre_payment' | 'post_payment' | 'mixed';
}

const CREDITABLE = ['open', 'paid', 'uncollectible'];

type InvoiceLine = InvoiceObject['lines']['data'][number];

/** Part `credited` of an invoice line, with the same part of its discounts and taxes. */
function shareOf(line: InvoiceLine, credited: number) {
  const share = (x: number) => (credited === line.amount ? x : divRound(BigInt(x) * BigInt(credited), BigInt(line.amount)));
  return {
    discount_amount: line.discount_amounts.reduce((sum, d) => sum + share(d.amount), 0),
    taxes: line.taxes.map((t) => ({
      tax_rate: t.tax_rate_details.tax_rate,
      amount: share(t.amount),
      inclusive: t.tax_behavior === 'inclusive',
      taxable_amount: share(t.taxable_amount),
    })),
  };
}

function planLine(invoice: InvoiceObject, p: CreditNoteLineParam, i: number, creditedBefore: Map<string, number>): PlannedLine {
  const at = (field: string) => `lines[${i}][${field}]`;
  const metadata = mergeMetadata({}, p.metadata);
  if (p.type === 'custom_line_item') {
    for (const field of ['invoice_line_item', 'amount'] as const) {
      if (p[field] !== undefined) throw BursarError.invalid(`${field} is only valid when type is invoice_line_item.`, at(field));
    }
    if (p.unit_amount === undefined) throw BursarError.invalid('Missing required param: unit_amount (a custom_line_item needs it).', at('unit_amount'), 'parameter_missing');
    const quantity = p.quantity ?? 1;
    const amount = lineAmount(p.unit_amount, quantity, invoice.currency, at('unit_amount'));
    return { type: p.type, invoice_line_item: null, description: p.description ?? null, quantity, unit_amount: p.unit_amount, amount, discount_amount: 0, taxes: [], metadata };
  }
  for (const field of ['unit_amount', 'description'] as const) {
    if (p[field] !== undefined) throw BursarError.invalid(`${field} is only valid when type is custom_line_item.`, at(field));
  }
  if (p.invoice_line_item === undefined) throw BursarError.invalid('Missing required param: invoice_line_item.', at('invoice_line_item'), 'parameter_missing');
  const line = invoice.lines.data.find((l) => l.id === p.invoice_line_item);
  if (!line) throw BursarError.invalid(`Invoice ${invoice.id} has no line ${p.invoice_line_item}.`, at('invoice_line_item'));
  if ((p.quantity === undefined) === (p.amount === undefined)) {
    throw BursarError.invalid('An invoice_line_item line needs exactly one of quantity and amount.', at(p.quantity === undefined ? 'quantity' : 'amount'));
  }
  const lineQuantity = line.quantity ?? 1;
  if (p.quantity !== undefined && p.quantity > lineQuantity) {
    throw BursarError.invalid(`The quantity to credit (${p.quantity}) is more than the invoice line's quantity (${lineQuantity}).`, at('quantity'));
  }
  const credited = p.amount ?? (p.quantity === lineQuantity ? line.amount : divRound(BigInt(line.amount) * BigInt(p.quantity!), BigInt(lineQuantity)));
  const left = line.amount - (creditedBefore.get(line.id) ?? 0);
  if (credited <= 0 || credited > left) {
    throw BursarError.invalid(
      `The amount to credit for line ${line.id} (${formatMoney(credited, invoice.currency)}) must be more than 0 and at most what is left to credit on it, ${formatMoney(Math.max(0, left), invoice.currency)}.`,
      at(p.amount === undefined ? 'quantity' : 'amount'),
    );
  }
  creditedBefore.set(line.id, (creditedBefore.get(line.id) ?? 0) + credited);
  return {
    type: p.type, invoice_line_item: line.id, description: line.description, quantity: p.quantity ?? null,
    unit_amount: p.quantity !== undefined ? divRound(BigInt(line.amount), BigInt(lineQuantity)) : null, amount: credited, ...shareOf(line, credited), metadata,
  };
}

function sumTaxes(lines: readonly PlannedLine[]): TaxAmount[] {
  const out = new Map<string, TaxAmount>();
  for (const t of lines.flatMap((l) => l.taxes)) {
    const seen = out.get(t.tax_rate);
    if (seen) {
      seen.amount += t.amount;
      seen.taxable_amount += t.taxable_amount;
    } else out.set(t.tax_rate, { ...t });
  }
  return [...out.values()];
}

/**
 * Plans a credit note as Stripe computes one: its total (from lines, or `amount`) must fit
 * what the invoice has left to credit; it first takes off what the open invoice still
 * asks for (pre_payment_amount), and the rest (post_payment_amount) must be exactly
 * credit_amount + refunds (refund_amount and `refunds[]`) + out_of_band_amount — all of it
 * credited to the customer's balance when none of them is given.
 */
export async function planCreditNote(ctx: Ctx, p: CreditNoteParams): Promise<CreditNotePlan> {
  const invoice = await retrieveInvoice(ctx, p.invoice).catch((error: unknown) => {
    throw error instanceof BursarError && error.status === 404 ? BursarError.notFound('invoice', p.invoice, 'invoice') : error;
  });
  if (!CREDITABLE.includes(invoice.status)) {
    throw BursarError.invalid(`Invoice ${invoice.id} is ${invoice.status}: credit notes can only be issued for open, paid or uncollectible invoices.`, 'invoice');
  }
  if (p.amount !== undefined && p.lines !== undefined) throw BursarError.invalid('You may only specify one of these parameters: amount, lines.', 'amount');
  if (p.amount === undefined && (p.lines === undefined || p.lines.length === 0)) {
    throw BursarError.invalid('Missing required param: one of amount or lines must be provided.', 'amount', 'parameter_missing');
  }
  const creditedBefore = await creditedPerInvoiceLine(ctx.db, ctx.scope, invoice.id);
  const lines = (p.lines ?? []).map((l, i) => planLine(invoice, l, i, creditedBefore));
  const taxes = sumTaxes(lines);
  const subtotal = p.amount ?? lines.reduce((sum, l) => sum + l.amount, 0);
  const discount_amount = lines.reduce((sum, l) => sum + l.discount_amount, 0);
  const exclusiveTax = taxes.filter((t) => !t.inclusive).reduce((sum, t) => sum + t.amount, 0);
  const total = p.amount ?? subtotal - discount_amount + exclusiveTax;
  const money = (x: number) => formatMoney(x, invoice.currency);
  const refunds = await planRefunds(ctx, invoice, p);
  const creditable = invoice.total - invoice.pre_payment_credit_notes_amount - invoice.post_payment_credit_notes_amount - refunds.refundedOutside;
  if (total <= 0 || total > creditable) {
    throw BursarError.invalid(
      `The credit note's total (${money(total)}) must be more than 0 and at most what is left to credit on invoice ${invoice.id}, ${money(Math.max(0, creditable))}.`,
      p.amount === undefined ? 'lines' : 'amount',
    );
  }
  const pre_payment_amount = invoice.status === 'paid' ? 0 : Math.min(total, invoice.amount_remaining);
  const post_payment_amount = total - pre_payment_amount;
  const given = [p.credit_amount, p.refund_amount, p.refunds, p.out_of_band_amount].some((x) => x !== undefined);
  const credit_amount = given ? (p.credit_amount ?? 0) : post_payment_amount;
  const out_of_band_amount = p.out_of_band_amount ?? 0;
  const sum = credit_amount + refunds.total + out_of_band_amount;
  if (sum !== post_payment_amount) {
    const param = p.credit_amount !== undefined ? 'credit_amount' : p.refund_amount !== undefined ? 'refund_amount' : p.refunds !== undefined ? 'refunds' : 'out_of_band_amount';
    throw BursarError.invalid(
      `The sum of credit_amount, refunds and out_of_band_amount (${money(sum)}) must equal the credit note's post_payment_amount (${money(post_payment_amount)}): its total ${money(total)} less the ${money(pre_payment_amount)} it takes off what the invoice still asks for.`,
      param,
    );
  }
  const type = post_payment_amount === 0 ? 'pre_payment' : pre_payment_amount === 0 ? 'post_payment' : 'mixed';
  return { invoice, lines, subtotal, discount_amount, total, taxes, pre_payment_amount, post_payment_amount, credit_amount, out_of_band_amount, refund_amount: refunds.total, refunds, type };
}
