import type { Ctx } from '../../context.ts';
import type { MessageKey } from '../../portal/i18n/en.ts';
import type { Locale } from '../../portal/i18n/locale.ts';
import { priceText } from '../../portal/i18n/price-text.ts';
import { toPriceObject } from '../prices/object.ts';
import { findPrice, type PriceRow } from '../prices/repository.ts';
import { findProduct } from '../products/repository.ts';

/** What an invoice line (stored or previewed) says about itself, as the API shows it. */
export interface LineFacts {
  description: string | null;
  amount: number;
  quantity: number | null;
  period: { start: number };
  pricing: { price_details: { price: string } } | null;
  parent: { type: string; subscription_item_details: { proration: boolean } | null; invoice_item_details: { proration: boolean } | null };
}

/** Whether a line is a proration (its parent says, since API version 2025-03-31.basil). */
export const isProration = (line: Pick<LineFacts, 'parent'>): boolean =>
  (line.parent.subscription_item_details ?? line.parent.invoice_item_details)?.proration ?? false;

/** Which of the billing engine's texts a subscription line is, from its amount and sign. */
function lineKey(line: LineFacts, quantity: number, unitAmount: number): MessageKey {
  if (isProration(line)) return line.amount < 0 ? 'line.unused' : 'line.remaining';
  // A trial bills its items at zero; a free price is no trial.
  return line.amount === 0 && unitAmount * quantity !== 0 ? 'line.trial' : 'line.item';
}

/**
 * Each line's text as `locale` reads it. The billing engine stores its own lines' text
 * (subscription periods, trials, prorations) in English, as Stripe words it; in another
 * language those lines are written anew from their price, quantity and date. Lines someone
 * wrote (invoice items) keep their text.
 */
export async function lineTexts(ctx: Ctx, locale: Locale, lines: readonly LineFacts[]): Promise<string[]> {
  // A price (and its product) usually stands on several lines: a proration pair, the period.
  const prices = new Map<string, Promise<PriceRow | undefined>>();
  const products = new Map<string, Promise<string>>();
  const texts: string[] = [];
  for (const line of lines) {
    const priceId = line.parent.type === 'subscription_item_details' ? line.pricing?.price_details.price : undefined;
    if (locale.tag !== 'en' && priceId !== undefined && !prices.has(priceId)) prices.set(priceId, findPrice(ctx.db, ctx.scope, priceId));
    const price = priceId === undefined ? undefined : await prices.get(priceId);
    if (!price) {
      texts.push(line.description ?? '');
      continue;
    }
    if (!products.has(price.product)) products.set(price.product, findProduct(ctx.db, ctx.scope, price.product).then((p) => p?.name ?? price.product));
    const quantity = line.quantity ?? 1;
    const vars = { quantity, product: await products.get(price.product)!, date: locale.date(line.period.start), price: priceText(locale, toPriceObject(price)) };
    texts.push(locale.t(lineKey(line, quantity, price.unit_amount ?? 0), vars));
  }
  return texts;
}
