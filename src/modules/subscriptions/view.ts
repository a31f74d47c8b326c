import type { Ctx } from '../../context.ts';
import { parseJson } from '../../kit/json.ts';
import { findPrice } from '../prices/repository.ts';
import { toPriceObject } from '../prices/object.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { taxRateIdsOf } from '../invoice-items/object.ts';
import { discountsOf } from '../invoices/discounts.ts';
import { toSubscriptionItemObject, toSubscriptionObject, type SubscriptionItemObject, type SubscriptionObject } from './object.ts';
import { findSubscription, itemsOf, type SubscriptionItemRow, type SubscriptionRow } from './repository.ts';

/** An item with its price and tax rates loaded; a price is never deleted, only archived. */
export async function toSubscriptionItem(ctx: Ctx, row: SubscriptionItemRow, sub?: SubscriptionRow): Promise<SubscriptionItemObject> {
  const parent = sub ?? (await findSubscription(ctx.db, ctx.scope, row.subscription))!;
  const price = await findPrice(ctx.db, ctx.scope, row.price);
  return toSubscriptionItemObject(row, parent, toPriceObject(price!), await loadTaxRates(ctx, taxRateIdsOf(row)));
}

export async function toSubscription(ctx: Ctx, row: SubscriptionRow): Promise<SubscriptionObject> {
  const items: SubscriptionItemObject[] = [];
  for (const item of await itemsOf(ctx.db, ctx.scope, row.id)) items.push(await toSubscriptionItem(ctx, item, row));
  const defaultTaxRates = await loadTaxRates(ctx, parseJson<string[]>(row.default_tax_rates, []), 'default_tax_rates');
  return toSubscriptionObject({ row, items, defaultTaxRates, discounts: discountsOf(row) });
}
