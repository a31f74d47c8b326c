import type { Ctx } from '../../context.ts';
import { planItemChanges, type PlannedItems } from './item-changes.ts';
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
}

/**
 * Plans `items[]` of a subscription change made at `at`. The update writes the plan; the
 * invoice preview only shows it, so both bill the same lines to the cent.
 */
export async function planSubscriptionChange(ctx: Ctx, sub: SubscriptionRow, entries: readonly UpdateItemParam[], behavior: ProrationBehavior, at: number): Promise<ChangePlan> {
  const items = await planItemChanges(ctx, sub, entries);
  const prorate = behavior !== 'none' && sub.status !== 'trialing';
  const prorations = prorate ? prorationRows(ctx, sub, at, items.changes) : [];
  const after: PricedItem[] = [];
  for (const row of await itemsOf(ctx.db, ctx.scope, sub.id)) {
    const changed = items.changes.filter((c) => c.before !== null && c.item.row.id === row.id).at(-1);
    if (changed && changed.after === null) continue; // removed
    after.push(changed?.afterItem ?? (await pricedItem(ctx, row)));
  }
  for (const added of items.changes.filter((c) => c.before === null)) after.push(added.item);
  return { items, prorations, after };
}
