import type { PriceObject } from '../../modules/prices/object.ts';
import type { MessageKey } from './en.ts';
import type { Locale } from './locale.ts';

/** "$29.00 / month", "$290.00 every 2 years": a recurring price as a customer reads it. */
export function priceText(locale: Locale, price: Pick<PriceObject, 'unit_amount' | 'currency' | 'recurring'>): string {
  const amount = locale.money(price.unit_amount ?? 0, price.currency);
  const r = price.recurring;
  if (!r) return amount;
  const interval = r.interval as 'day' | 'week' | 'month' | 'year';
  return r.interval_count === 1
    ? locale.t(`interval.${interval}` as MessageKey, { amount })
    : locale.t(`interval.${interval}.n` as MessageKey, { amount, count: r.interval_count });
}
