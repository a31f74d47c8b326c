import { parseJson } from '../../kit/json.ts';
import type { TaxRateObject } from '../tax-rates/object.ts';
import type { InvoiceItemRow } from './repository.ts';

/** How the item is priced: from a price (with its product) or an amount of its own. */
export function pricingOf(row: InvoiceItemRow) {
  if (row.price === null) return null;
  return {
    price_details: { price: row.price, product: row.product ?? '' },
    type: 'price_details' as const,
    unit_amount_decimal: row.unit_amount_decimal,
  };
}

export const taxRateIdsOf = (row: Pick<InvoiceItemRow, 'tax_rates'>) => parseJson<string[]>(row.tax_rates, []);

/** The invoice item as Stripe shows it; `taxRates` are its tax_rates, loaded. */
export function toInvoiceItemObject(row: InvoiceItemRow, taxRates: TaxRateObject[], testClock: string | null) {
  return {
    id: row.id,
    object: 'invoiceitem' as const,
    amount: row.amount,
    currency: row.currency,
    customer: row.customer,
    customer_account: null,
    date: row.created,
    description: row.description,
    discountable: row.discountable === 1,
    discounts: [] as string[],
    invoice: row.invoice,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    parent: row.subscription === null
      ? null
      : { subscription_details: { subscription: row.subscription, subscription_item: row.subscription_item }, type: 'subscription_details' as const },
    period: { end: row.period_end, start: row.period_start },
    pricing: pricingOf(row),
    proration: row.proration === 1,
    quantity: row.quantity,
    quantity_decimal: String(row.quantity),
    tax_rates: taxRates,
    test_clock: testClock,
  };
}

export type InvoiceItemObject = ReturnType<typeof toInvoiceItemObject>;
