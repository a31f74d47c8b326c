import { en, type Catalog, type MessageKey } from './en.ts';
import { de } from './de.ts';
import { ar } from './ar.ts';
import { formatDate, formatMoney } from '../../kit/format-money.ts';

/** Every catalog, by its language tag. A new locale is one more data file with en's keys. */
export const CATALOGS: Record<string, Catalog> = { en, de, ar };

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/** What a page is rendered in: the catalog, and the locale Intl formats money and dates for. */
export interface Locale {
  /** The catalog's tag (`en`, `de`, `ar`). */
  tag: string;
  /** The tag Intl formats with (`en-GB` keeps its own dates with the `en` catalog). */
  intl: string;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  money(amount: number, currency: string): string;
  date(seconds: number | null): string;
}

/** The catalog for a language tag (`de-AT` → `de`), or null when there is none. */
function catalogTag(tag: string): string | null {
  const lower = tag.trim().toLowerCase();
  if (lower === '') return null;
  const exact = Object.keys(CATALOGS).find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  return Object.keys(CATALOGS).find((k) => k.toLowerCase() === language) ?? null;
}

/** Accept-Language's tags, best first (`de-CH,de;q=0.9,en;q=0.5`). */
export function acceptedTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.tag !== '' && x.tag !== '*' && x.q > 0 && /^[A-Za-z0-9-]{1,35}$/.test(x.tag))
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

function interpolate(text: string, vars: Record<string, string | number> | undefined): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function localeFor(tag: string, intlTag = tag): Locale {
  const catalog = CATALOGS[tag] ?? en;
  let intl = intlTag;
  try {
    intl = Intl.getCanonicalLocales(intlTag)[0] ?? tag;
  } catch {
    intl = tag;
  }
  return {
    tag,
    intl,
    dir: RIGHT_TO_LEFT.has(tag) ? 'rtl' : 'ltr',
    t: (key, vars) => interpolate(catalog[key] ?? en[key], vars),
    money: (amount, currency) => formatMoney(amount, currency, intl),
    date: (seconds) => formatDate(seconds, intl),
  };
}

/**
 * The portal's language: the session's `locale`, or for `auto` (and none) the customer's
 * preferred locales, then the browser's Accept-Language; English when none has a catalog.
 */
export function resolveLocale(sessionLocale: string | null, preferred: readonly string[], acceptLanguage: string | undefined): Locale {
  const wanted = sessionLocale && sessionLocale !== 'auto' ? [sessionLocale] : [...preferred, ...acceptedTags(acceptLanguage)];
  for (const tag of wanted) {
    const found = catalogTag(tag);
    if (found) return localeFor(found, tag);
  }
  return localeFor('en');
}
