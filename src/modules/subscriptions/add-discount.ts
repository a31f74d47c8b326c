import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { recordEvent } from '../events/service.ts';
import { applyDiscounts, discountsOf } from '../invoices/discounts.ts';
import { timeOn } from '../test-clocks/service.ts';
import type { SubscriptionObject } from './object.ts';
import { updateSubscriptionRow } from './repository.ts';
import { requireSubscription } from './service.ts';
import { toSubscription } from './view.ts';

/**
 * Adds one discount to a running subscription from now on, redeeming its coupon (the
 * portal's retention offer). Its duration counts from now, not from the subscription's start.
 */
export async function addSubscriptionDiscount(ctx: Ctx, id: string, discount: { coupon: string }): Promise<SubscriptionObject> {
  const row = await requireSubscription(ctx, id);
  if (row.status === 'canceled' || row.status === 'incomplete_expired') throw BursarError.invalid(`Subscription ${id} has ended.`, 'id');
  const existing = discountsOf(row);
  if (existing.some((d) => d.coupon === discount.coupon)) throw BursarError.invalid(`Coupon ${discount.coupon} is already applied to this subscription.`, 'coupon');
  const before = await toSubscription(ctx, row);
  const [added] = await applyDiscounts(ctx, [discount], row.currency);
  const start = await timeOn(ctx, row.test_clock);
  const updated = await updateSubscriptionRow(ctx.db, ctx.scope, id, { discounts: JSON.stringify([...existing, { ...added, start }]) });
  const object = await toSubscription(ctx, updated);
  await recordEvent(ctx, 'customer.subscription.updated', object, before);
  return object;
}
