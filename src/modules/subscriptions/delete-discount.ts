import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { discountsOf } from '../invoices/discounts.ts';
import { noDiscount, toDeletedDiscount } from '../invoices/discount-object.ts';
import { updateSubscriptionRow } from './repository.ts';
import { discountObjectsOf, requireSubscription } from './service.ts';
import { toSubscription } from './view.ts';

/**
 * Removes the subscription's discounts: its next invoices are no longer discounted. Each
 * removed discount is announced by customer.discount.deleted; the answer is the first one,
 * deleted (the one discount of the older API, where a subscription held at most one).
 */
export async function deleteSubscriptionDiscount(ctx: Ctx, id: string) {
  const row = await requireSubscription(ctx, id);
  const stored = discountsOf(row);
  if (stored.length === 0) throw noDiscount('subscription', id);
  const before = await toSubscription(ctx, row);
  const removed = await discountObjectsOf(ctx, row);
  const object = await toSubscription(ctx, await updateSubscriptionRow(ctx.db, ctx.scope, id, { discounts: '[]' }));
  for (const discount of removed) await recordEvent(ctx, 'customer.discount.deleted', discount);
  await recordEvent(ctx, 'customer.subscription.updated', object, before);
  return toDeletedDiscount(removed[0]);
}
