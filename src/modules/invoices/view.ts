import type { Ctx } from '../../context.ts';
import { computeTotals, type TaxRate } from '../../billing/totals.ts';
import { findCustomer, type CustomerRow } from '../customers/repository.ts';
import type { TaxRateObject } from '../tax-rates/object.ts';
import { invoiceItemsOn, type InvoiceItemRow } from '../invoice-items/repository.ts';
import { taxRateIdsOf } from '../invoice-items/object.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { parseJson } from '../../kit/json.ts';
import { discountsOf, totalsDiscounts } from './discounts.ts';
import { toInvoiceObject, type InvoiceObject, type InvoiceParts } from './object.ts';
import type { InvoiceRow } from './repository.ts';
import { invoiceLinks } from './links.ts';
import { nextPaymentAttempt } from './next-payment-attempt.ts';
import { invoiceTaxIds } from '../tax-ids/service.ts';

/** The customer's balance applies to invoices in its currency only. */
function liveBalance(customer: CustomerRow | undefined, currency: string): number {
  if (!customer || (customer.currency !== null && customer.currency !== currency)) return 0;
  return customer.balance;
}

const asTotalsRate = (t: TaxRateObject): TaxRate => ({ id: t.id, percentage: t.percentage, inclusive: t.inclusive });

/**
 * Everything an invoice shows, its totals computed by computeTotals. A draft takes the
 * customer's balance as it is now; a finalized invoice the balance taken when finalized.
 */
export async function loadInvoiceParts(ctx: Ctx, row: InvoiceRow): Promise<InvoiceParts> {
  return invoicePartsOf(ctx, row, await invoiceItemsOn(ctx.db, ctx.scope, row.id));
}

/** The parts of an invoice with these items (a preview's items are not stored). */
export async function invoicePartsOf(ctx: Ctx, row: InvoiceRow, items: InvoiceItemRow[]): Promise<InvoiceParts> {
  const customer = await findCustomer(ctx.db, ctx.scope, row.customer);
  const defaultTaxRates = await loadTaxRates(ctx, parseJson<string[]>(row.default_tax_rates, []), 'default_tax_rates');
  const discounts = discountsOf(row);
  const lines = [];
  for (const item of items) {
    lines.push({ amount: item.amount, discountable: item.discountable === 1, tax_rates: (await loadTaxRates(ctx, taxRateIdsOf(item))).map(asTotalsRate) });
  }
  const totals = computeTotals({
    currency: row.currency,
    lines,
    discounts: await totalsDiscounts(ctx, discounts),
    default_tax_rates: defaultTaxRates.map(asTotalsRate),
    starting_balance: row.starting_balance ?? liveBalance(customer, row.currency),
    pre_payment_credit_notes: row.pre_payment_credit_notes_amount ?? 0,
  });
  return {
    row, customer, items, totals, discounts, defaultTaxRates,
    links: await invoiceLinks(ctx, row),
    nextPaymentAttempt: await nextPaymentAttempt(ctx, row),
    customerTaxIds: row.customer_tax_ids ? parseJson(row.customer_tax_ids, []) : await invoiceTaxIds(ctx, row.customer),
  };
}

export async function toInvoice(ctx: Ctx, row: InvoiceRow): Promise<InvoiceObject> {
  return toInvoiceObject(await loadInvoiceParts(ctx, row));
}
