import { parseJson } from '../../kit/json.ts';
import type { InvoiceTotals, TaxAmount } from '../../billing/totals.ts';
import type { CustomerRow } from '../customers/repository.ts';
import type { TaxRateObject } from '../tax-rates/object.ts';
import type { InvoiceItemRow } from '../invoice-items/repository.ts';
import { pricingOf } from '../invoice-items/object.ts';
import type { InvoiceRow } from './repository.ts';
import type { StoredDiscount } from './discounts.ts';
import type { InvoiceLinks } from './links.ts';

/** Stripe's `taxes` entry of a line, invoice or credit note: a tax rate's share. */
export function toTax(t: TaxAmount) {
  return {
    amount: t.amount,
    tax_behavior: t.inclusive ? ('inclusive' as const) : ('exclusive' as const),
    tax_rate_details: { tax_rate: t.tax_rate },
    taxability_reason: 'standard_rated' as const,
    taxable_amount: t.taxable_amount,
    type: 'tax_rate_details' as const,
  };
}

/** Where a line comes from: a subscription item's billing (prorations included), or an invoice item. */
function lineParent(item: InvoiceItemRow) {
  const proration = item.proration === 1;
  const details = { proration, proration_details: { credited_items: null }, subscription: item.subscription };
  if (item.subscription_item !== null) {
    return {
      invoice_item_details: null,
      subscription_item_details: { ...details, invoice_item: proration ? item.id : null, subscription_item: item.subscription_item },
      type: 'subscription_item_details' as const,
    };
  }
  return { invoice_item_details: { ...details, invoice_item: item.id }, subscription_item_details: null, type: 'invoice_item_details' as const };
}

/** An invoice item as a line of its invoice. */
function toLine(item: InvoiceItemRow, totals: InvoiceTotals['lines'][number], invoice: string) {
  return {
    id: item.line_id,
    object: 'line_item' as const,
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: totals.discount_amounts,
    discountable: item.discountable === 1,
    discounts: [] as string[],
    invoice,
    livemode: item.livemode === 1,
    metadata: parseJson<Record<string, string>>(item.metadata, {}),
    parent: lineParent(item),
    period: { end: item.period_end, start: item.period_start },
    pretax_credit_amounts: [],
    pricing: pricingOf(item),
    quantity: item.quantity,
    quantity_decimal: item.quantity === null ? null : String(item.quantity),
    subscription: item.subscription,
    subtotal: item.amount,
    taxes: totals.tax_amounts.map(toTax),
  };
}

export interface InvoiceParts {
  row: InvoiceRow;
  customer: CustomerRow | undefined;
  items: InvoiceItemRow[];
  totals: InvoiceTotals;
  discounts: StoredDiscount[];
  defaultTaxRates: TaxRateObject[];
  links: InvoiceLinks;
  /** When dunning charges it next (next-payment-attempt.ts), or null. */
  nextPaymentAttempt: number | null;
  /** The customer's tax IDs, shown like its other details (customer_tax_ids). */
  customerTaxIds: { type: string; value: string }[];
}

/** The invoice as Stripe shows it, from its row and what was loaded and computed for it. */
export function toInvoiceObject({ row, customer, items, totals, discounts, defaultTaxRates, links, nextPaymentAttempt, customerTaxIds }: InvoiceParts) {
  const draft = row.status === 'draft';
  const amountPaid = row.amount_paid;
  const lines = items.map((item, i) => toLine(item, totals.lines[i], row.id));
  return {
    id: row.id,
    object: 'invoice' as const,
    account_country: null,
    account_name: null,
    account_tax_ids: null,
    amount_due: totals.amount_due,
    amount_overpaid: 0,
    amount_paid: amountPaid,
    amount_remaining: row.status === 'paid' ? 0 : Math.max(0, totals.amount_due - amountPaid),
    amount_shipping: 0,
    application: null,
    attempt_count: row.attempt_count,
    attempted: row.attempt_count > 0,
    auto_advance: row.auto_advance === 1,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: row.billing_reason,
    collection_method: row.collection_method,
    created: row.created,
    currency: row.currency,
    custom_fields: parseJson<{ name: string; value: string }[] | null>(row.custom_fields, null),
    customer: row.customer,
    customer_account: null,
    customer_address: parseJson(customer?.address, null),
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: customer?.phone ?? null,
    customer_shipping: parseJson(customer?.shipping, null),
    customer_tax_exempt: customer?.tax_exempt ?? null,
    customer_tax_ids: customerTaxIds,
    default_payment_method: row.default_payment_method,
    default_source: null,
    default_tax_rates: defaultTaxRates,
    description: row.description,
    discounts: discounts.map((d) => d.id),
    due_date: row.due_date,
    effective_at: row.finalized_at,
    ending_balance: draft ? null : totals.ending_balance,
    footer: row.footer,
    from_invoice: null,
    hosted_invoice_url: links.hosted_invoice_url,
    invoice_pdf: links.invoice_pdf,
    issuer: { type: 'self' as const },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list' as const, data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${row.id}/lines` },
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    next_payment_attempt: nextPaymentAttempt,
    number: row.number,
    on_behalf_of: null,
    parent: row.subscription === null
      ? null
      : { quote_details: null, subscription_details: { metadata: null, subscription: row.subscription }, type: 'subscription_details' as const },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: row.created,
    period_start: row.created,
    post_payment_credit_notes_amount: row.post_payment_credit_notes_amount ?? 0,
    pre_payment_credit_notes_amount: row.pre_payment_credit_notes_amount ?? 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: totals.starting_balance,
    statement_descriptor: null,
    status: row.status,
    status_transitions: {
      finalized_at: row.finalized_at,
      marked_uncollectible_at: row.marked_uncollectible_at,
      paid_at: row.paid_at,
      voided_at: row.voided_at,
    },
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotal_excluding_tax,
    test_clock: customer?.test_clock ?? null,
    total: totals.total,
    total_discount_amounts: totals.total_discount_amounts,
    total_excluding_tax: totals.total_excluding_tax,
    total_pretax_credit_amounts: [],
    total_taxes: totals.total_tax_amounts.map(toTax),
    webhooks_delivered_at: null,
  };
}

export type InvoiceObject = ReturnType<typeof toInvoiceObject>;
