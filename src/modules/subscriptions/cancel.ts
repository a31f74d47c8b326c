import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { recordEvent } from '../events/service.ts';
import { hasPendingSubscriptionItems } from '../invoice-items/repository.ts';
import { timeOn } from '../test-clocks/service.ts';
import { billSubscription } from './bill.ts';
import { collectForSubscription } from './collect.ts';
import { pricedItem } from './lines.ts';
import { addProrations, asProrationItem } from './prorations.ts';
import type { SubscriptionObject } from './object.ts';
import { itemsOf, transitionSubscription, type SubscriptionRow } from './repository.ts';
import type { CancelSubscriptionParams } from './schemas.ts';
import { requireSubscription } from './service.ts';
import { toSubscription } from './view.ts';

const LIVE = ['incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'paused'] as const;

function refuseCanceled(id: string): BursarError {
  return BursarError.invalid(`Subscription ${id} is already canceled.`, 'id');
}

/** Credits the unused rest of the period of what was paid for; a trial paid for nothing. */
async function creditUnusedTime(ctx: Ctx, row: SubscriptionRow, now: number, prorate: boolean): Promise<string[]> {
  if (!prorate || row.status === 'trialing' || row.status === 'incomplete') return [];
  const changes = [];
  for (const item of await itemsOf(ctx.db, ctx.scope, row.id)) {
    const priced = await pricedItem(ctx, item);
    changes.push({ item: priced, before: asProrationItem(priced), after: null });
  }
  return addProrations(ctx, row, now, changes);
}

/**
 * Cancels a subscription now, as Stripe's DELETE does. With `prorate` the unused time is
 * credited as pending proration items; with `invoice_now` a final invoice bills the pending
 * items at once, and a credit it leaves goes to the customer's balance.
 */
export async function cancelSubscription(ctx: Ctx, id: string, p: CancelSubscriptionParams): Promise<SubscriptionObject> {
  const row = await requireSubscription(ctx, id);
  if (row.status === 'canceled') throw refuseCanceled(id);
  return cancelSubscriptionAt(ctx, row, await timeOn(ctx, row.test_clock), p);
}

/** Cancels `row` as of `now` (a schedule's end, on a test clock the time it was due). */
export async function cancelSubscriptionAt(ctx: Ctx, row: SubscriptionRow, now: number, p: CancelSubscriptionParams): Promise<SubscriptionObject> {
  const id = row.id;
  let latestInvoice = row.latest_invoice;
  await creditUnusedTime(ctx, row, now, p.prorate === true);
  if (p.invoice_now && (await hasPendingSubscriptionItems(ctx.db, ctx.scope, id))) {
    latestInvoice = await billSubscription(ctx, row, 'subscription_update', { start: now, end: now }, { pendingOnly: true });
    await collectForSubscription(ctx, latestInvoice, row);
  }
  const details = { comment: p.cancellation_details?.comment ?? null, feedback: p.cancellation_details?.feedback ?? null, reason: 'cancellation_requested' };
  const moved = await transitionSubscription(ctx.db, ctx.scope, id, LIVE, {
    status: 'canceled',
    canceled_at: now,
    ended_at: now,
    cancellation_details: JSON.stringify(details),
    latest_invoice: latestInvoice,
  });
  if (!moved) throw refuseCanceled(id);
  const object = await toSubscription(ctx, moved);
  await recordEvent(ctx, 'customer.subscription.deleted', object);
  return object;
}
