import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { atTopLevel } from './items.ts';
import type { SubscriptionItemObject } from './object.ts';
import { findSubscriptionItem, itemsOf, type SubscriptionItemRow } from './repository.ts';
import type { CreateSubscriptionItemParams, DeleteSubscriptionItemParams, UpdateSubscriptionItemParams } from './item-schemas.ts';
import type { UpdateItemParam, UpdateSubscriptionParams } from './schemas.ts';
import { requireSubscription } from './service.ts';
import { updateSubscription } from './update.ts';
import { toSubscriptionItem } from './view.ts';

// Each call is the subscription update with one entry of items[], so it validates, prorates,
// invoices (always_invoice) and records customer.subscription.updated exactly as that update.

async function requireItem(ctx: Ctx, id: string): Promise<SubscriptionItemRow> {
  const row = await findSubscriptionItem(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('subscription_item', id, 'id');
  return row;
}

/** `plan` is the older name of `price`: either names the item's price, not both. */
function priceOf(p: { price?: string | undefined; plan?: string | undefined }): string | undefined {
  if (p.price !== undefined && p.plan !== undefined) throw BursarError.invalid('You may only specify one of these parameters: plan, price.', 'plan');
  return p.price ?? p.plan;
}

/** The update's own parameters besides items[]. */
const billing = (p: DeleteSubscriptionItemParams & { off_session?: boolean | undefined }): UpdateSubscriptionParams => ({
  proration_behavior: p.proration_behavior,
  proration_date: p.proration_date,
  payment_behavior: p.payment_behavior,
  off_session: p.off_session,
});

const change = (ctx: Ctx, subscription: string, entry: UpdateItemParam, p: Parameters<typeof billing>[0]) =>
  updateSubscription(ctx, subscription, { ...billing(p), items: [entry] }, atTopLevel);

/** Adds an item to a subscription; its first period is prorated as the update prorates an added item. */
export async function createSubscriptionItem(ctx: Ctx, p: CreateSubscriptionItemParams): Promise<SubscriptionItemObject> {
  const sub = await requireSubscription(ctx, p.subscription, 'subscription');
  const price = priceOf(p);
  const before = new Set((await itemsOf(ctx.db, ctx.scope, sub.id)).map((item) => item.id));
  const updated = await change(ctx, sub.id, { price, price_data: p.price_data, quantity: p.quantity, metadata: p.metadata, tax_rates: p.tax_rates }, p);
  return updated.items.data.find((item) => !before.has(item.id))!;
}

export async function updateSubscriptionItem(ctx: Ctx, id: string, p: UpdateSubscriptionItemParams): Promise<SubscriptionItemObject> {
  const item = await requireItem(ctx, id);
  await change(ctx, item.subscription, { id, price: priceOf(p), price_data: p.price_data, quantity: p.quantity, metadata: p.metadata, tax_rates: p.tax_rates }, p);
  return toSubscriptionItem(ctx, (await findSubscriptionItem(ctx.db, ctx.scope, id))!);
}

/** Removes an item; its unused time is credited as the update prorates a removed item. The last one cannot go. */
export async function deleteSubscriptionItem(ctx: Ctx, id: string, p: DeleteSubscriptionItemParams): Promise<{ id: string; object: 'subscription_item'; deleted: true }> {
  const item = await requireItem(ctx, id);
  await change(ctx, item.subscription, { id, deleted: true, clear_usage: p.clear_usage }, p);
  return { id, object: 'subscription_item', deleted: true };
}
