import { ZERO_DECIMAL } from './money.ts';

/** An amount in minor units as people read it: `$1,234.50`, `¥1,235` (zero-decimal currencies have no minor unit). */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const major = ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount / 100;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(major);
}

/** A unix time as a calendar date (UTC, as Stripe's invoices show it). */
export function formatDate(seconds: number | null, locale = 'en-US'): string {
  if (seconds === null) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(seconds * 1000);
}
