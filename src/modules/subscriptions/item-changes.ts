import type { Ctx } from '../../context.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { parseJson } from '../../kit/json.ts';
import { findProduct } from '../products/repository.ts';
import { entryParam, inItems, listParam, repeatedPrice, requireEntryPrice, requireItemAmount, requireItemTaxRates, type EntryAt, type Terms } from './items.ts';
import { pricedItem, type PricedItem } from './lines.ts';
import { asProrationItem, type PricedChange } from './prorations.ts';
import { deleteSubscriptionItemRow, findSubscriptionItem, insertSubscriptionItem, itemsOf, updateSubscriptionItemRow, type SubscriptionItemRow, type SubscriptionRow } from './repository.ts';
import type { UpdateItemParam } from './schemas.ts';

/** What `items[]` of an update asks: the changes to prorate, and how to write them once prorated. */
export interface PlannedItems {
  changes: PricedChange[];
  apply(): Promise<void>;
}

/** Removing every item would leave nothing to bill: Stripe asks for a cancellation instead. */
function refuseRemovingAll(sub: SubscriptionRow, changes: readonly PricedChange[], count: number, param: string | undefined): void {
  const removed = new Set(changes.filter((c) => c.after === null).map((c) => c.item.row.id)).size;
  const added = changes.filter((c) => c.before === null).length;
  if (removed > 0 && count - removed + added === 0) {
    throw BursarError.invalid(`A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions/${sub.id}.`, param);
  }
}

/**
 * A subscription holds each price once, as Stripe's do (and a list by price finds it once):
 * after the changes, the entry that gave a second item a held price is refused.
 */
function refuseRepeatedPrice(current: readonly SubscriptionItemRow[], changes: readonly PricedChange[], entryAt: EntryAt): void {
  const prices = new Map(current.map((item) => [item.id, item.price]));
  // The entry that gave each item its price, when this update did.
  const givenBy = new Map<string, number>();
  for (const [i, change] of changes.entries()) {
    const id = change.item.row.id;
    const price = change.after === null ? undefined : (change.afterItem ?? change.item).price.id;
    if (price === undefined) prices.delete(id);
    else if (price !== prices.get(id)) {
      prices.set(id, price);
      givenBy.set(id, i);
    }
  }
  for (const holders of Map.groupBy(prices, ([, price]) => price).values()) {
    const given = holders.flatMap(([id]) => givenBy.get(id) ?? []);
    if (holders.length > 1 && given.length > 0) throw repeatedPrice(entryParam(entryAt, Math.max(...given), 'price'));
  }
}

/**
 * Checks `items[]` of an update: an entry with an `id` changes that item's price or
 * quantity (or metadata, tax rates), or with `deleted` removes it; one without adds an item. The new prices keep the
 * subscription's currency; their intervals are checked by planSubscriptionChange, once the
 * items after the change are known (they may all move to another interval). A new price
 * without a quantity bills one, as in Stripe. `entryAt` says where the entries sit, for errors.
 */
export async function planItemChanges(ctx: Ctx, sub: SubscriptionRow, entries: readonly UpdateItemParam[], entryAt: EntryAt = inItems): Promise<PlannedItems> {
  const terms: Pick<Terms, 'currency'> = { currency: sub.currency };
  const changes: PricedChange[] = [];
  const writes: (() => Promise<unknown>)[] = [];
  for (const [i, entry] of entries.entries()) {
    const param = (field: string) => entryParam(entryAt, i, field);
    const taxRates = entry.tax_rates === undefined ? undefined : await requireItemTaxRates(ctx, entry.tax_rates, param('tax_rates'));
    if (entry.id === undefined) {
      if (entry.deleted) throw BursarError.invalid(`Missing required param: ${param('id')}.`, param('id'), 'parameter_missing');
      const price = await requireEntryPrice(ctx, entry, entryAt, i, terms);
      const quantity = entry.quantity ?? 1;
      requireItemAmount(price, quantity, param('quantity'));
      const row = {
        id: newId('si'),
        project_id: ctx.scope.projectId,
        livemode: ctx.scope.livemode ? 1 : 0,
        created: ctx.clock.now(),
        price: price.id,
        quantity,
        tax_rates: JSON.stringify(taxRates ?? []),
        metadata: JSON.stringify(mergeMetadata({}, entry.metadata)),
      };
      const added: PricedItem = { row: { ...row, seq: 0, subscription: sub.id, subscription_seq: sub.seq, subscription_created: sub.created }, price, productName: (await findProduct(ctx.db, ctx.scope, price.product))?.name ?? price.product };
      changes.push({ item: added, before: null, after: asProrationItem(added) });
      writes.push(() => insertSubscriptionItem(ctx.db, sub, row));
      continue;
    }
    const existing = await findSubscriptionItem(ctx.db, ctx.scope, entry.id);
    if (!existing || existing.subscription !== sub.id) throw BursarError.notFound('subscription_item', entry.id, param('id'));
    const item = await pricedItem(ctx, existing);
    if (entry.deleted) {
      changes.push({ item, before: asProrationItem(item), after: null });
      writes.push(() => deleteSubscriptionItemRow(ctx.db, ctx.scope, existing.id));
      continue;
    }
    const price = entry.price === undefined && entry.price_data === undefined ? item.price : await requireEntryPrice(ctx, entry, entryAt, i, terms);
    const quantity = entry.quantity ?? (price.id === existing.price ? existing.quantity : 1);
    requireItemAmount(price, quantity, param('quantity'));
    const patch = {
      price: price.id,
      quantity,
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
  const current = await itemsOf(ctx.db, ctx.scope, sub.id);
  refuseRemovingAll(sub, changes, current.length, listParam(entryAt));
  refuseRepeatedPrice(current, changes, entryAt);
  return {
    changes,
    async apply() {
      for (const write of writes) await write();
    },
  };
}
