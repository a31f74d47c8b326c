import type { Ctx } from '../../context.ts';
import { ZERO_DECIMAL } from '../../kit/money.ts';
import type { Period } from '../../billing/periods.ts';
import { findPrice, type PriceRow } from '../prices/repository.ts';
import { findProduct } from '../products/repository.ts';
import { taxRateIdsOf } from '../invoice-items/object.ts';
import type { SubscriptionLine } from '../invoices/subscription-invoice.ts';
import type { SubscriptionItemRow } from './repository.ts';

/** An item with its price and product name loaded, as lines and prorations need them. */
export interface PricedItem {
  row: SubscriptionItemRow;
  price: PriceRow;
  productName: string;
}

/** What a line of an item needs: an item that is not stored yet (a preview's of a new subscription) has no more. */
export type LineItem = Pick<PricedItem, 'price' | 'productName'> & { row: Pick<SubscriptionItemRow, 'id' | 'quantity' | 'tax_rates'> };

export async function pricedItem(ctx: Ctx, row: SubscriptionItemRow): Promise<PricedItem> {
  const price = (await findPrice(ctx.db, ctx.scope, row.price))!;
  const product = await findProduct(ctx.db, ctx.scope, price.product);
  return { row, price, productName: product?.name ?? price.product };
}

/** An amount in minor units as people read it: 2000 usd → "$20.00". */
export function formatAmount(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 10 ** digits);
}

/** Stripe's line text: "2 × Pro (at $20.00 / month)". */
export function itemDescription(item: LineItem, quantity = item.row.quantity): string {
  const { price } = item;
  const every = price.recurring_interval_count && price.recurring_interval_count > 1 ? `every ${price.recurring_interval_count} ${price.recurring_interval}s` : price.recurring_interval;
  return `${quantity} × ${item.productName} (at ${formatAmount(price.unit_amount ?? 0, price.currency)} / ${every})`;
}

/**
 * The line billing an item for a period: its price × quantity, or nothing during a trial.
 * `amount` overrides the full amount (a first period shortened by billing_cycle_anchor).
 */
export function periodLine(item: LineItem, period: Period, options: { trial?: boolean; amount?: number } = {}): SubscriptionLine {
  const unit = item.price.unit_amount ?? 0;
  const full = unit * item.row.quantity;
  return {
    subscription_item: item.row.id,
    price: item.price.id,
    product: item.price.product,
    unit_amount: unit,
    quantity: item.row.quantity,
    amount: options.trial ? 0 : (options.amount ?? full),
    description: options.trial ? `Trial period for ${item.productName}` : itemDescription(item),
    period,
    tax_rates: taxRateIdsOf(item.row),
  };
}
