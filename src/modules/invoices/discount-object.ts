import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { discountEnd, type CouponDuration } from '../../billing/coupon-duration.ts';
import { findCoupon } from '../coupons/repository.ts';
import { discountsOf, type StoredDiscount } from './discounts.ts';
import { findInvoice } from './repository.ts';

/** What a discount is applied to, and when it started. */
export interface DiscountHolder {
  customer: string | null;
  subscription: string | null;
  invoice: string | null;
  start: number;
}

/** A stored discount as Stripe shows it; `end` from its coupon (a repeating one's last month). */
export async function toDiscountObject(ctx: Ctx, stored: StoredDiscount, holder: DiscountHolder) {
  const coupon = await findCoupon(ctx.db, ctx.scope, stored.coupon);
  const start = stored.start ?? holder.start;
  return {
    id: stored.id,
    object: 'discount' as const,
    checkout_session: null,
    customer: holder.customer,
    customer_account: null,
    end: coupon ? discountEnd({ duration: coupon.duration as CouponDuration['duration'], duration_in_months: coupon.duration_in_months }, start) : null,
    invoice: holder.invoice,
    invoice_item: null,
    promotion_code: stored.promotion_code,
    source: { coupon: stored.coupon, type: 'coupon' as const },
    start,
    subscription: holder.subscription,
    subscription_item: null,
  };
}

export type DiscountObject = Awaited<ReturnType<typeof toDiscountObject>>;

/** Discounts of one holder as objects. */
export async function discountObjects(ctx: Ctx, stored: readonly StoredDiscount[], holder: DiscountHolder): Promise<DiscountObject[]> {
  const out: DiscountObject[] = [];
  for (const d of stored) out.push(await toDiscountObject(ctx, d, holder));
  return out;
}

/** Stripe's answer to deleting a discount: the discount without its end, marked deleted. */
export function toDeletedDiscount({ end: _end, ...discount }: DiscountObject) {
  return { ...discount, deleted: true as const };
}

/** Stripe's 404 when a customer or subscription has no discount to delete. */
export const noDiscount = (resource: 'customer' | 'subscription', id: string) =>
  new BursarError({ status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No active discount for ${resource}: '${id}'` });

/**
 * `invoice.discounts` expanded: its discounts as objects. A subscription's invoice carries the
 * subscription's own discounts (the same ids); an invoice's own discount names the invoice.
 */
export async function discountObjectsOfInvoice(ctx: Ctx, id: string): Promise<DiscountObject[]> {
  const row = await findInvoice(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('invoice', id);
  return discountObjects(ctx, discountsOf(row), { customer: row.customer, subscription: row.subscription, invoice: row.subscription === null ? row.id : null, start: row.created });
}
