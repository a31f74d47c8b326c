import type { PortalFeatures } from './object.ts';

/** What Stripe's portal allows for an adjustable product without `maximum` (as Checkout's adjustable quantities). */
export const DEFAULT_MAXIMUM_QUANTITY = 99;
/** The largest `maximum` (and `minimum`) a configuration takes, as Stripe bounds adjustable quantities. */
export const MAX_ADJUSTABLE_QUANTITY = 999_999;

export interface QuantityRange {
  minimum: number;
  maximum: number;
}

/**
 * The quantities a customer may choose for an item on `price`: the range of the product
 * that lists the price, when quantities are among the allowed updates and the product's
 * `adjustable_quantity` is enabled (at least 1; at most 99 without a maximum). Null when
 * the quantity is not adjustable, a price the configuration does not list included: the
 * item then keeps its own.
 */
export function quantityRange(feature: PortalFeatures['subscription_update'], price: string): QuantityRange | null {
  if (!feature.default_allowed_updates.includes('quantity')) return null;
  const q = feature.products.find((p) => p.prices.includes(price))?.adjustable_quantity;
  if (!q?.enabled) return null;
  return { minimum: Math.max(1, q.minimum), maximum: q.maximum ?? DEFAULT_MAXIMUM_QUANTITY };
}

/**
 * The quantity asked for (as typed in a form, or a number) when `range` allows it: a
 * whole number within it; without a range, only the item's `current` one. Absent means
 * the current quantity. Null when it is not allowed.
 */
export function allowedQuantity(range: QuantityRange | null, asked: string | number | undefined, current: number): number | null {
  const text = String(asked ?? current).trim();
  const quantity = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  const { minimum, maximum } = range ?? { minimum: current, maximum: current };
  return quantity >= minimum && quantity <= maximum ? quantity : null;
}
