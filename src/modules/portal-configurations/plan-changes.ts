import type { Ctx } from '../../context.ts';
import { addInterval, type Interval } from '../../billing/periods.ts';
import type { PriceObject } from '../prices/object.ts';
import { retrievePrice } from '../prices/service.ts';
import { retrieveProduct } from '../products/service.ts';
import type { SubscriptionItemObject, SubscriptionObject } from '../subscriptions/object.ts';
import { scheduleSubscriptionChange } from '../subscriptions/scheduled-change.ts';
import type { UpdateSubscriptionParams } from '../subscriptions/schemas.ts';
import { updateSubscription } from '../subscriptions/update.ts';
import type { PortalFeatures, PortalProduct } from './object.ts';
import { allowedQuantity, quantityRange, type QuantityRange } from './quantity-range.ts';

/**
 * The plan changes a configuration's `subscription_update` allows a customer, and how it
 * makes them: one rule for every way a customer changes their own plan (the portal's pages,
 * an app's plan switcher), so none offers more than the configuration does.
 */

export type SubscriptionUpdate = PortalFeatures['subscription_update'];

/**
 * The items of a subscription the customer can change: with one item, that item (it may
 * move to any configured product); with several, each item whose product the configuration
 * lists (it may move to that product's prices, or to a configured product no other item has).
 */
export function changeableItems(products: readonly PortalProduct[], sub: SubscriptionObject): SubscriptionItemObject[] {
  if (sub.items.data.length === 1) return sub.items.data;
  return sub.items.data.filter((item) => products.some((p) => p.product === item.price.product));
}

/** Subscriptions whose plan cannot change: ended, or never started (their first payment is due). */
const FIXED = new Set(['canceled', 'incomplete', 'incomplete_expired']);

/** Whether the configuration lets the customer change this subscription's plan at all: on, with products, and the subscription started, not ended, not set to cancel. */
export function canChangePlan(feature: SubscriptionUpdate, sub: SubscriptionObject): boolean {
  return feature.enabled && feature.products.length > 0 && !FIXED.has(sub.status) && !sub.cancel_at_period_end && changeableItems(feature.products, sub).length > 0;
}

export interface Offer {
  price: PriceObject;
  product: PortalProduct;
  name: string;
}

/**
 * The prices the configuration offers an item: active, in the subscription's currency, of
 * products no other item of the subscription has. A subscription with one item may move to
 * another billing interval (monthly ↔ yearly); with several, the items share one interval,
 * so only prices of that interval are offered.
 */
export async function offeredPrices(ctx: Ctx, products: readonly PortalProduct[], sub: SubscriptionObject, item: SubscriptionItemObject): Promise<Offer[]> {
  const out: Offer[] = [];
  const current = item.price.recurring;
  const others = new Set(sub.items.data.filter((i) => i.id !== item.id).map((i) => i.price.product));
  for (const product of products) {
    if (others.has(product.product)) continue;
    const { name } = await retrieveProduct(ctx, product.product);
    for (const id of product.prices) {
      const price = await retrievePrice(ctx, id);
      const sameInterval = price.recurring?.interval === current?.interval && price.recurring?.interval_count === current?.interval_count;
      if (price.active && price.currency === sub.currency && (sameInterval || sub.items.data.length === 1)) out.push({ price, product, name });
    }
  }
  return out;
}

export interface RequestedChange {
  item: SubscriptionItemObject;
  price: PriceObject;
  quantity: number;
}

/** A change whose quantity the configuration does not allow: the range it allows (none: the item keeps its own). */
export interface RefusedQuantity {
  item: SubscriptionItemObject;
  allowed: QuantityRange | null;
}

/** What a customer asks for: an item (the first changeable one when absent), a price and a quantity (the item's own when absent). */
export interface AskedChange {
  item?: string;
  price?: string;
  quantity?: string | number;
}

/**
 * The change asked for, checked against what the configuration allows: null when it
 * allows no change of that item or to that price, a RefusedQuantity when only the
 * quantity is not allowed.
 */
export async function requestedChange(ctx: Ctx, feature: SubscriptionUpdate, sub: SubscriptionObject, asked: AskedChange): Promise<RequestedChange | RefusedQuantity | null> {
  const changeable = changeableItems(feature.products, sub);
  // An item id that is not this subscription's (another customer's), or not changeable here, changes nothing.
  const item = asked.item === undefined ? changeable[0] : changeable.find((i) => i.id === asked.item);
  if (!item) return null;
  const offered = await offeredPrices(ctx, feature.products, sub, item);
  const priceId = feature.default_allowed_updates.includes('price') && asked.price ? asked.price : item.price.id;
  const choice = offered.find((o) => o.price.id === priceId) ?? (priceId === item.price.id ? null : undefined);
  if (choice === undefined) return null;
  const price = choice?.price ?? item.price;
  const allowed = quantityRange(feature, price.id);
  const quantity = allowedQuantity(allowed, asked.quantity, item.quantity);
  return quantity === null ? { item, allowed } : { item, price, quantity };
}

/** How long one period of a price lasts, to compare intervals (a year is longer than 11 months). */
const periodLength = (price: PriceObject) => {
  const r = price.recurring!;
  return addInterval(0, r.interval as Interval, r.interval_count, 1);
};

/** Whether the change moves the subscription to another billing interval (its cycle then restarts). */
export const changesInterval = (change: RequestedChange) =>
  change.price.recurring?.interval !== change.item.price.recurring?.interval || change.price.recurring?.interval_count !== change.item.price.recurring?.interval_count;

/**
 * Whether the change waits for the period end, by the configuration's
 * schedule_at_period_end conditions: `decreasing_item_amount` when the item then costs
 * less per period (same interval), `shortening_interval` when its new interval is shorter
 * (yearly → monthly). Never during a trial.
 */
export function scheduledForPeriodEnd(feature: SubscriptionUpdate, sub: SubscriptionObject, change: RequestedChange): boolean {
  const conditions = feature.schedule_at_period_end.conditions.map((c) => c.type);
  if (sub.status === 'trialing') return false;
  if (changesInterval(change)) return conditions.includes('shortening_interval') && periodLength(change.price) < periodLength(change.item.price);
  const amount = (price: PriceObject, quantity: number) => (price.unit_amount ?? 0) * quantity;
  return conditions.includes('decreasing_item_amount') && amount(change.price, change.quantity) < amount(change.item.price, change.item.quantity);
}

/**
 * Makes an allowed change: at once, prorated as the configuration says (at `prorationDate`,
 * the moment a preview showed, or now), or, for a change the configuration schedules, at the
 * period end; `discounts` apply from now either way. Runs in the caller's transaction.
 */
export async function changePlan(
  ctx: Ctx,
  feature: SubscriptionUpdate,
  sub: SubscriptionObject,
  change: RequestedChange,
  options: { prorationDate?: number; discounts?: UpdateSubscriptionParams['discounts'] } = {},
): Promise<SubscriptionObject> {
  const items = [{ id: change.item.id, price: change.price.id, quantity: change.quantity }];
  const { discounts } = options;
  if (scheduledForPeriodEnd(feature, sub, change)) {
    const scheduled = await scheduleSubscriptionChange(ctx, sub.id, items);
    return discounts ? updateSubscription(ctx, sub.id, { discounts }) : scheduled;
  }
  return updateSubscription(ctx, sub.id, { items, proration_behavior: feature.proration_behavior, proration_date: options.prorationDate, discounts });
}
