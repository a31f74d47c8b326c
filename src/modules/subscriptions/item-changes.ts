import type { Ctx } from '../../context.ts';
import { mergeMetadata, paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { parseJson } from '../../kit/json.ts';
import { findProduct } from '../products/repository.ts';
import { requireItemAmount, requireItemPrice, requireItemTaxRates, type Terms } from './items.ts';
import { pricedItem, type PricedItem } from './lines.ts';
import { asProrationItem, type PricedChange } from './prorations.ts';
import { countItems, deleteSubscriptionItemRow, findSubscriptionItem, insertSubscriptionItem, updateSubscriptionItemRow, type SubscriptionRow } from './repository.ts';
import type { UpdateItemParam } from './schemas.ts';

/** What `items[]` of an update asks: the changes to prorate, and how to write them once prorated. */
export interface PlannedItems {
  changes: PricedChange[];
  apply(): Promise<void>;
}

/** Removing every item would leave nothing to bill: Stripe asks for a cancellation instead. */
function refuseRemovingAll(sub: SubscriptionRow, changes: readonly PricedChange[], count: number): void {
  const removed = new Set(changes.filter((c) => c.after === null).map((c) => c.item.row.id)).size;
  const added = changes.filter((c) => c.before === null).length;
  if (removed > 0 && count - removed + added === 0) {
    throw BursarError.invalid(`A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions/${sub.id}.`, 'items');
  }
}

/**
 * Checks `items[]` of an update: an entry with an `id` changes that item's price or
 * quantity (or metadata, tax rates), or with `deleted` removes it; one without adds an item. The new prices keep the
 * subscription's currency; their intervals are checked by planSubscriptionChange, once the
 * items after the change are known (they may all move to another interval).
 */
export async function planItemChanges(ctx: Ctx, sub: SubscriptionRow, entries: readonly UpdateItemParam[]): Promise<PlannedItems> {
  const terms: Pick<Terms, 'currency'> = { currency: sub.currency };
  const changes: PricedChange[] = [];
  const writes: (() => Promise<unknown>)[] = [];
  for (const [i, entry] of entries.entries()) {
    const taxRates = entry.tax_rates === undefined ? undefined : await requireItemTaxRates(ctx, entry.tax_rates, i);
    if (entry.id === undefined) {
      if (entry.deleted) throw BursarError.invalid(`Missing required param: ${paramName(['items', i, 'id'])}.`, paramName(['items', i, 'id']), 'parameter_missing');
      const price = await requireItemPrice(ctx, entry.price, i, terms);
      const quantity = entry.quantity ?? 1;
      requireItemAmount(price, quantity, i);
      const row = {
        id: newId('si'),
        project_id: ctx.scope.projectId,
        livemode: ctx.scope.livemode ? 1 : 0,
        created: ctx.clock.now(),
        subscription: sub.id,
        price: price.id,
        quantity,
        tax_rates: JSON.stringify(taxRates ?? []),
        metadata: JSON.stringify(mergeMetadata({}, entry.metadata)),
      };
      const added: PricedItem = { row: { ...row, seq: 0 }, price, productName: (await findProduct(ctx.db, ctx.scope, price.product))?.name ?? price.product };
      changes.push({ item: added, before: null, after: asProrationItem(added) });
      writes.push(() => insertSubscriptionItem(ctx.db, row));
      continue;
    }
    const existing = await findSubscriptionItem(ctx.db, ctx.scope, entry.id);
    if (!existing || existing.subscription !== sub.id) throw BursarError.notFound('subscription_item', entry.id, paramName(['items', i, 'id']));
    const item = await pricedItem(ctx, existing);
    if (entry.deleted) {
      changes.push({ item, before: asProrationItem(item), after: null });
      writes.push(() => deleteSubscriptionItemRow(ctx.db, ctx.scope, existing.id));
      continue;
    }
    const price = entry.price === undefined ? item.price : await requireItemPrice(ctx, entry.price, i, terms);
    requireItemAmount(price, entry.quantity ?? existing.quantity, i);
    const patch = {
      price: price.id,
      quantity: entry.quantity ?? existing.quantity,
      ...(taxRates !== undefined && { tax_rates: JSON.stringify(taxRates) }),
      ...(entry.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(parseJson(existing.metadata, {}), entry.metadata)) }),
    };
    const after: PricedItem = {
      row: { ...existing, ...patch },
      price,
      productName: price.id === item.price.id ? item.productName : ((await findProduct(ctx.db, ctx.scope, price.product))?.name ?? price.product),
    };
    changes.push({ item, afterItem: after, before: asProrationItem(item), after: asProrationItem(after) });
    writes.push(() => updateSubscriptionItemRow(ctx.db, ctx.scope, existing.id, patch));
  }
  refuseRemovingAll(sub, changes, await countItems(ctx.db, ctx.scope, sub.id));
  return {
    changes,
    async apply() {
      for (const write of writes) await write();
    },
  };
}
