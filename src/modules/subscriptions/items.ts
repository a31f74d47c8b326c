import type { Ctx } from '../../context.ts';
import { paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { lineAmount, periodAmount } from '../../billing/amount-limit.ts';
import type { Recurring } from '../../billing/periods.ts';
import { createPriceOf, requirePrice } from '../prices/service.ts';
import { findPrice, type PriceRow } from '../prices/repository.ts';
import type { ItemPriceData } from '../prices/price-data.ts';
import { requireProduct } from '../products/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';

/** What every item of a subscription shares, as Stripe requires. */
export interface Terms extends Recurring {
  currency: string;
}

export const termsOf = (p: PriceRow): Terms => ({
  currency: p.currency,
  interval: p.recurring_interval as Terms['interval'],
  interval_count: p.recurring_interval_count ?? 1,
});

/** Stripe's refusal of items billing over different intervals. */
export const intervalMismatch = (param: string) =>
  BursarError.invalid('Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.', param);

/**
 * Where entry i of a list of items sits in a request, for errors to name: `items[i]` of a
 * subscription call (or `subscription_details[items][i]` of a preview), the top level of a
 * subscription item call.
 */
export type EntryAt = (i: number) => (string | number)[];
export const inItems: EntryAt = (i) => ['items', i];
export const atTopLevel: EntryAt = () => [];

/** The name of a field of entry i, e.g. `items[0][price]`, or `price` at the top level. */
export const entryParam = (entryAt: EntryAt, i: number, field: string) => paramName([...entryAt(i), field]);

/** The name of the list itself (`items`), or undefined at the top level. */
export const listParam = (entryAt: EntryAt) => paramName(entryAt(0).slice(0, -1)) || undefined;

/** Stripe's refusal of a second item of one price on a subscription. */
export const repeatedPrice = (param: string) => BursarError.invalid('Cannot add multiple subscription items with the same price.', param);

export const sameRecurring = (a: Recurring, b: Recurring) => a.interval === b.interval && a.interval_count === b.interval_count;

/** Checks `price` can bill an item (see requireItemPrice); a price made for the item (`inline`) is inactive by design. */
function checkItemPrice(price: PriceRow, param: string, terms: Terms | Pick<Terms, 'currency'> | undefined, inline = false): PriceRow {
  if (price.type !== 'recurring' || price.recurring_interval === null) {
    throw BursarError.invalid('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', param);
  }
  if (price.active !== 1 && !inline) throw BursarError.invalid('The price specified is inactive. This field only accepts active prices.', param);
  if (price.unit_amount === null) throw BursarError.invalid(`The price ${price.id} has no whole unit_amount to bill.`, param);
  if (price.recurring_usage_type === 'metered') throw BursarError.invalid(`The price ${price.id} is metered; metered prices are not supported yet.`, param);
  const own = termsOf(price);
  if (terms && own.currency !== terms.currency) {
    throw BursarError.invalid(`The price specified is in ${own.currency}, but this subscription bills in ${terms.currency}. All items of a subscription must share one currency.`, param);
  }
  if (terms && 'interval' in terms && !sameRecurring(own, terms)) throw intervalMismatch(param);
  return price;
}

/**
 * A price an item can bill: recurring, active, a whole unit amount, and in the currency
 * and interval of the subscription's other items (`terms`; with `Pick<Terms, 'currency'>`
 * only the currency: an update checks the intervals once every item is known).
 * Errors name `param` (`items[i][price]`).
 */
export async function requireItemPrice(ctx: Ctx, id: string | undefined, param: string, terms: Terms | Pick<Terms, 'currency'> | undefined): Promise<PriceRow> {
  if (id === undefined) throw BursarError.invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
  return checkItemPrice(await requirePrice(ctx, id, param), param, terms);
}

/**
 * The price of entry i: `price` by id, or `price_data`, a price made for the item (inactive,
 * as Stripe makes them: it cannot be reused), checked alike.
 */
export async function requireEntryPrice(
  ctx: Ctx,
  entry: { price?: string | undefined; price_data?: ItemPriceData | undefined },
  entryAt: EntryAt,
  i: number,
  terms: Terms | Pick<Terms, 'currency'> | undefined,
): Promise<PriceRow> {
  if (entry.price_data === undefined) return requireItemPrice(ctx, entry.price, entryParam(entryAt, i, 'price'), terms);
  const param = entryParam(entryAt, i, 'price_data');
  if (entry.price !== undefined) throw BursarError.invalid('You may only specify one of these parameters: price, price_data.', param);
  const { product, ...data } = entry.price_data;
  await requireProduct(ctx, product, `${param}[product]`);
  const made = await createPriceOf(ctx, product, { ...data, active: false }, { at: [...entryAt(i), 'price_data'].map(String) });
  return checkItemPrice((await findPrice(ctx.db, ctx.scope, made.id))!, param, terms, true);
}

/** Refuses an item whose price × quantity passes Stripe's largest amount, naming `param` (`items[i][quantity]`). */
export function requireItemAmount(price: PriceRow, quantity: number, param: string): void {
  lineAmount(price.unit_amount ?? 0, quantity, price.currency, param);
}

/** Refuses items that together bill more than Stripe's largest amount a period, naming `param` (`items`). */
export function requireItemsAmount(items: readonly { price: PriceRow; quantity: number }[], currency: string, param = 'items'): void {
  periodAmount(items.map((i) => ({ unitAmount: i.price.unit_amount ?? 0, quantity: i.quantity })), currency, param);
}

/** An item's tax rates, each checked to exist; a 404 names `param[j]` (`items[i][tax_rates][j]`). */
export async function requireItemTaxRates(ctx: Ctx, ids: readonly string[] | null | undefined, param: string): Promise<string[]> {
  await loadTaxRates(ctx, ids ?? [], param);
  return [...(ids ?? [])];
}
