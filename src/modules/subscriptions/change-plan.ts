import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { addInterval, type Period, type Recurring } from '../../billing/periods.ts';
import { planItemChanges, type PlannedItems } from './item-changes.ts';
import { entryParam, inItems, intervalMismatch, listParam, requireItemsAmount, sameRecurring, termsOf, type EntryAt } from './items.ts';
import { pricedItem, type PricedItem } from './lines.ts';
import { prorationRows, type ProrationItemRow } from './prorations.ts';
import { itemsOf, type SubscriptionRow } from './repository.ts';
import type { PRORATION_BEHAVIORS, UpdateItemParam } from './schemas.ts';

export type ProrationBehavior = (typeof PRORATION_BEHAVIORS)[number];

/** What a change of items would do, worked out without writing anything. */
export interface ChangePlan {
  /** The item changes; `apply()` writes them. */
  items: PlannedItems;
  /** The pending proration items the change creates (none for proration_behavior=none or a trial). */
  prorations: ProrationItemRow[];
  /** The subscription's items once changed, as its next period bills them. */
  after: PricedItem[];
  /** The interval every item bills over once changed. */
  recurring: Recurring;
  /**
   * With another interval (monthly → yearly), outside a trial: the new billing period,
   * starting at the change. The cycle restarts there and it is billed at once, as in Stripe.
   */
  cycle: Period | null;
}

const recurringOf = (sub: SubscriptionRow): Recurring => ({ interval: sub.interval as Recurring['interval'], interval_count: sub.interval_count });

/** The period of `recurring` that starts at `start` (a cycle restarted there). */
export const periodFrom = (start: number, recurring: Recurring): Period => ({ start, end: addInterval(start, recurring.interval, recurring.interval_count, 1) });

/**
 * The one interval the items bill over after the change: an item kept as it was sets it,
 * else the first changed one; another interval beside it is refused, naming its entry.
 */
function intervalAfter(sub: SubscriptionRow, items: PlannedItems, after: readonly PricedItem[], entryAt: EntryAt): Recurring {
  const changed = new Set(items.changes.map((c) => c.item.row.id));
  const kept = after.find((i) => !changed.has(i.row.id));
  const recurring = kept ? termsOf(kept.price) : after.length > 0 ? termsOf(after[0].price) : recurringOf(sub);
  for (const [i, change] of items.changes.entries()) {
    const item = change.after === null ? null : (change.afterItem ?? change.item);
    if (item && !sameRecurring(termsOf(item.price), recurring)) throw intervalMismatch(entryParam(entryAt, i, 'price'));
  }
  return { interval: recurring.interval, interval_count: recurring.interval_count };
}

/**
 * Plans `items[]` of a subscription change made at `at`. The update writes the plan; the
 * invoice preview only shows it, so both bill the same lines to the cent. A move to
 * another interval credits the unused time of what was billed (unless behavior is none)
 * and bills the new items for a whole new period from `at` instead of prorating them.
 * `entryAt` says where the entries sit in the request, for errors to name them.
 */
export async function planSubscriptionChange(
  ctx: Ctx,
  sub: SubscriptionRow,
  entries: readonly UpdateItemParam[],
  behavior: ProrationBehavior,
  at: number,
  entryAt: EntryAt = inItems,
): Promise<ChangePlan> {
  const items = await planItemChanges(ctx, sub, entries, entryAt);
  const after: PricedItem[] = [];
  for (const row of await itemsOf(ctx.db, ctx.scope, sub.id)) {
    const changed = items.changes.filter((c) => c.before !== null && c.item.row.id === row.id).at(-1);
    if (changed && changed.after === null) continue; // removed
    after.push(changed?.afterItem ?? (await pricedItem(ctx, row)));
  }
  for (const added of items.changes.filter((c) => c.before === null)) after.push(added.item);
  // What the items bill together each period must stay chargeable, or every renewal fails.
  requireItemsAmount(after.map((i) => ({ price: i.price, quantity: i.row.quantity })), sub.currency, listParam(entryAt) ?? entryParam(entryAt, 0, 'quantity'));
  const recurring = intervalAfter(sub, items, after, entryAt);
  const cycle = sameRecurring(recurring, recurringOf(sub)) || sub.status === 'trialing' ? null : periodFrom(at, recurring);
  const prorate = behavior !== 'none' && sub.status !== 'trialing';
  // A restarted cycle bills the new items in full: only the old items' unused time is prorated.
  const changes = cycle ? items.changes.filter((c) => c.before !== null).map((c) => ({ ...c, after: null })) : items.changes;
  const prorations = prorate ? prorationRows(ctx, sub, at, changes, { restart: cycle !== null }) : [];
  return { items, prorations, after, recurring, cycle };
}

/**
 * The columns a planned move to another interval changes: the interval; outside a trial
 * the billing cycle restarts at the change (its anchor and period), as in Stripe.
 */
export function cycleColumns(row: SubscriptionRow, plan: ChangePlan): Updateable<SubscriptionsTable> {
  if (sameRecurring(plan.recurring, recurringOf(row))) return {};
  const recurring = { interval: plan.recurring.interval, interval_count: plan.recurring.interval_count };
  if (!plan.cycle) return recurring;
  return { ...recurring, billing_cycle_anchor: plan.cycle.start, current_period_start: plan.cycle.start, current_period_end: plan.cycle.end };
}
