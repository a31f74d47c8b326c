import type { Ctx } from '../../context.ts';
import type { MessageKey } from '../../portal/i18n/en.ts';
import type { Locale } from '../../portal/i18n/locale.ts';
import { priceText } from '../../portal/i18n/price-text.ts';
import type { InvoiceItemRow } from '../invoice-items/repository.ts';
import { toPriceObject } from '../prices/object.ts';
import { findPrice } from '../prices/repository.ts';
import { findProduct } from '../products/repository.ts';

/** Which of the billing engine's texts a subscription line is, from its amount and sign. */
function lineKey(item: InvoiceItemRow, unitAmount: number): MessageKey {
  if (item.proration === 1) return item.amount < 0 ? 'line.unused' : 'line.remaining';
  // A trial bills its items at zero; a free price is no trial.
  return item.amount === 0 && unitAmount * item.quantity !== 0 ? 'line.trial' : 'line.item';
}

/**
 * Each line's text as `locale` reads it. The billing engine stores its own lines' text
 * (subscription periods, trials, prorations) in English, as Stripe words it; in another
 * language those lines are written anew from their price, quantity and date. Lines someone
 * wrote (invoice items) keep their text.
 */
export async function lineTexts(ctx: Ctx, locale: Locale, items: readonly InvoiceItemRow[]): Promise<string[]> {
  const products = new Map<string, string>();
  const texts: string[] = [];
  for (const item of items) {
    const price = locale.tag === 'en' || item.subscription_item === null || item.price === null ? undefined : await findPrice(ctx.db, ctx.scope, item.price);
    if (!price) {
      texts.push(item.description ?? '');
      continue;
    }
    if (!products.has(price.product)) products.set(price.product, (await findProduct(ctx.db, ctx.scope, price.product))?.name ?? price.product);
    const vars = { quantity: item.quantity, product: products.get(price.product)!, date: locale.date(item.period_start), price: priceText(locale, toPriceObject(price)) };
    texts.push(locale.t(lineKey(item, price.unit_amount ?? 0), vars));
  }
  return texts;
}
