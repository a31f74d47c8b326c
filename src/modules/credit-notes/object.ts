import { parseJson } from '../../kit/json.ts';
import type { TaxAmount } from '../../billing/totals.ts';
import { pageInMemory } from '../../api/list.ts';
import { toTax } from '../invoices/object.ts';
import type { CreditNoteLineRow, CreditNoteRow } from './repository.ts';

export function toCreditNoteLineObject(row: CreditNoteLineRow) {
  return {
    id: row.id,
    object: 'credit_note_line_item' as const,
    amount: row.amount,
    description: row.description,
    discount_amount: row.discount_amount,
    discount_amounts: [],
    ...(row.invoice_line_item !== null && { invoice_line_item: row.invoice_line_item }),
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    pretax_credit_amounts: [],
    quantity: row.quantity,
    tax_rates: [],
    taxes: parseJson<TaxAmount[]>(row.taxes, []).map(toTax),
    type: row.type,
    unit_amount: row.unit_amount,
    unit_amount_decimal: row.unit_amount === null ? null : String(row.unit_amount),
  };
}

export type CreditNoteLineObject = ReturnType<typeof toCreditNoteLineObject>;

/** Stripe's credit_note, its first lines inline as Stripe shows them (the rest through /lines). */
export function toCreditNoteObject(row: CreditNoteRow, lines: readonly CreditNoteLineRow[], pdf: string) {
  const taxes = parseJson<TaxAmount[]>(row.taxes, []);
  const inclusiveTax = taxes.filter((t) => t.inclusive).reduce((sum, t) => sum + t.amount, 0);
  const allTax = taxes.reduce((sum, t) => sum + t.amount, 0);
  const url = `/v1/credit_notes/${row.id}/lines`;
  const first = pageInMemory(lines.map(toCreditNoteLineObject), {});
  return {
    id: row.id,
    object: 'credit_note' as const,
    amount: row.total,
    amount_shipping: 0,
    created: row.created,
    currency: row.currency,
    customer: row.customer,
    customer_account: null,
    customer_balance_transaction: row.customer_balance_transaction,
    discount_amount: row.discount_amount,
    discount_amounts: [],
    effective_at: row.effective_at,
    invoice: row.invoice,
    lines: { object: 'list' as const, data: first.data, has_more: first.hasMore, total_count: lines.length, url },
    livemode: row.livemode === 1,
    memo: row.memo,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    number: row.number,
    out_of_band_amount: row.out_of_band_amount === 0 ? null : row.out_of_band_amount,
    pdf,
    post_payment_amount: row.post_payment_amount,
    pre_payment_amount: row.pre_payment_amount,
    pretax_credit_amounts: [],
    reason: row.reason,
    refunds: parseJson<{ refund: string; amount_refunded: number }[]>(row.refunds, []).map((r) => ({ ...r, payment_record_refund: null, type: 'refund' as const })),
    shipping_cost: null,
    status: row.status,
    subtotal: row.subtotal,
    subtotal_excluding_tax: row.subtotal - inclusiveTax,
    total: row.total,
    total_excluding_tax: row.total - allTax,
    total_taxes: taxes.map(toTax),
    type: row.type,
    voided_at: row.voided_at,
  };
}

export type CreditNoteObject = ReturnType<typeof toCreditNoteObject>;
