import type { Ctx } from '../context.ts';
import { addInterval, type Interval } from '../billing/periods.ts';
import { discountsOf, type StoredDiscount } from '../modules/invoices/discounts.ts';
import type { PortalProduct } from '../modules/portal-configurations/object.ts';
import { allowedQuantity, quantityRange, type QuantityRange } from '../modules/portal-configurations/quantity-range.ts';
import type { PriceObject } from '../modules/prices/object.ts';
import { retrievePrice } from '../modules/prices/service.ts';
import { resolvePromotionCode } from '../modules/promotion-codes/redemption.ts';
import type { SubscriptionItemObject, SubscriptionObject } from '../modules/subscriptions/object.ts';
import { requireSubscription } from '../modules/subscriptions/service.ts';
import type { PortalRequest } from './context.ts';
import { productName } from './describe.ts';
import { flowOf } from './session-routes.ts';

export interface Offer {
  price: PriceObject;
  product: PortalProduct;
  name: string;
}

/**
 * The items of a subscription the customer can change: with one item, that item (it may
 * move to any configured product); with several, each item whose product the configuration
 * lists (it may move to that product's prices, or to a configured product no other item has).
 */
export function changeableItems(products: readonly PortalProduct[], sub: SubscriptionObject): SubscriptionItemObject[] {
  if (sub.items.data.length === 1) return sub.items.data;
  return sub.items.data.filter((item) => products.some((p) => p.product === item.price.product));
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
    const name = await productName(ctx, product.product);
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

/**
 * The change asked for, checked against what the configuration allows: null when it
 * allows no change of that item or to that price, a RefusedQuantity when only the
 * quantity is not allowed.
 */
export async function requestedChange(p: PortalRequest, sub: SubscriptionObject, query: { price?: string; quantity?: string; item?: string }): Promise<RequestedChange | RefusedQuantity | null> {
  const feature = p.config.features.subscription_update;
  const changeable = changeableItems(feature.products, sub);
  // An item id that is not this subscription's (another customer's), or not changeable here, changes nothing.
  const item = query.item === undefined ? changeable[0] : changeable.find((i) => i.id === query.item);
  if (!item) return null;
  const offered = await offeredPrices(p.ctx, feature.products, sub, item);
  const priceId = feature.default_allowed_updates.includes('price') && query.price ? query.price : item.price.id;
  const choice = offered.find((o) => o.price.id === priceId) ?? (priceId === item.price.id ? null : undefined);
  if (choice === undefined) return null;
  const price = choice?.price ?? item.price;
  const allowed = quantityRange(feature, price.id);
  const quantity = allowedQuantity(allowed, query.quantity, item.quantity);
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
export function scheduledForPeriodEnd(p: PortalRequest, sub: SubscriptionObject, change: RequestedChange): boolean {
  const conditions = p.config.features.subscription_update.schedule_at_period_end.conditions.map((c) => c.type);
  if (sub.status === 'trialing') return false;
  if (changesInterval(change)) return conditions.includes('shortening_interval') && periodLength(change.price) < periodLength(change.item.price);
  const amount = (price: PriceObject, quantity: number) => (price.unit_amount ?? 0) * quantity;
  return conditions.includes('decreasing_item_amount') && amount(change.price, change.quantity) < amount(change.item.price, change.item.quantity);
}

type AddedDiscount = { coupon: string } | { promotion_code: string };

export interface AddedDiscounts {
  extra: AddedDiscount[];
  /** The promotion code the customer typed, as the code reads; null without one. */
  code: string | null;
}

/**
 * The discounts a change adds: the ones its subscription_update_confirm flow gives, and the
 * promotion code the customer typed (when the configuration allows codes), checked by the
 * promotion-code service (its minimum against the new plan's amount per period); a
 * refusal names `promotion_code`.
 */
export async function addedDiscounts(p: PortalRequest, sub: SubscriptionObject, change: RequestedChange, code: string | undefined): Promise<AddedDiscounts> {
  const flow = flowOf(p.session);
  const confirm = flow?.type === 'subscription_update_confirm' && flow.subscription_update_confirm!.subscription === sub.id ? flow.subscription_update_confirm! : null;
  const extra: AddedDiscount[] = (confirm?.discounts ?? []).map((d) => (d.promotion_code ? { promotion_code: d.promotion_code } : { coupon: d.coupon! }));
  const typed = code?.trim();
  if (!typed || !p.config.features.subscription_update.default_allowed_updates.includes('promotion_code')) return { extra, code: null };
  const amount = (change.price.unit_amount ?? 0) * change.quantity;
  const { promotionCode } = await resolvePromotionCode(p.ctx, typed, { customerId: sub.customer, currency: sub.currency, amount });
  return { extra: [...extra, { promotion_code: promotionCode.id }], code: promotionCode.code };
}

/** discounts[] for the update: the subscription's own kept, the added ones it does not have yet; undefined when nothing is added. */
export async function discountsAfter(ctx: Ctx, sub: SubscriptionObject, extra: readonly AddedDiscount[]) {
  const own: StoredDiscount[] = discountsOf(await requireSubscription(ctx, sub.id));
  const fresh = extra.filter((d) => !own.some((o) => ('promotion_code' in d ? o.promotion_code === d.promotion_code : o.coupon === d.coupon)));
  return fresh.length === 0 ? undefined : [...own.map((d) => ({ discount: d.id })), ...fresh];
}
