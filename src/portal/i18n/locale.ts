import { en, type Catalog, type MessageKey } from './en.ts';
import { de } from './de.ts';
import { ar } from './ar.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { ja } from './ja.ts';
import { nl } from './nl.ts';
import { ptBR } from './pt-BR.ts';
import { sv } from './sv.ts';
import { zhHans } from './zh-Hans.ts';
import { formatDate, formatMoney } from '../../kit/format-money.ts';

/**
 * Every catalog, by its language tag. A new locale is one more data file with en's keys.
 * A catalog serves every tag of its language written in its script (see catalogTags).
 */
export const CATALOGS: Record<string, Catalog> = { en, de, ar, fr, es, it, 'pt-BR': ptBR, nl, ja, 'zh-Hans': zhHans, sv };

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/** What a page is rendered in: the catalog, and the locale Intl formats money and dates for. */
export interface Locale {
  /** The catalog's tag (`en`, `pt-BR`, `zh-Hans`). */
  tag: string;
  /** The tag Intl formats with (`en-GB` keeps its own dates with the `en` catalog). */
  intl: string;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  money(amount: number, currency: string): string;
  date(seconds: number | null): string;
}

/** A tag's language and script by Intl's likely subtags (`zh-TW` → `zh-Hant`, `pt-PT` → `pt-Latn`), or null when it is no tag. */
function writtenAs(tag: string): { language: string; script: string } | null {
  try {
    const { language, script } = new Intl.Locale(tag).maximize();
    return script ? { language, script } : null;
  } catch {
    return null;
  }
}

const CATALOG_SCRIPTS = Object.keys(CATALOGS).map((tag) => ({ tag, ...writtenAs(tag)! }));

/**
 * The catalog for each wanted tag, or null: a catalog serves its language in its script, so
 * `pt-PT` gets pt-BR, `zh-CN`/`zh-SG`/`zh` get zh-Hans, and `zh-TW`/`zh-HK` (Traditional) get
 * none. A bare language after a tag that named its script means that script: browsers send
 * `zh-TW,zh`, and that `zh` asks for Traditional too.
 */
function catalogTags(tags: readonly string[]): (string | null)[] {
  const scriptOf = new Map<string, string>();
  return tags.map((tag) => {
    const written = writtenAs(tag.trim());
    if (!written) return null;
    const bare = !tag.includes('-');
    const script = (bare && scriptOf.get(written.language)) || written.script;
    if (!scriptOf.has(written.language)) scriptOf.set(written.language, script);
    return CATALOG_SCRIPTS.find((c) => c.language === written.language && c.script === script)?.tag ?? null;
  });
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
 * The portal's language: the session's `locale`, then (for `auto`, none, or a locale without
 * a catalog, such as Traditional Chinese) the customer's preferred locales, then the browser's
 * Accept-Language, in order; English when none has a catalog.
 */
export function resolveLocale(sessionLocale: string | null, preferred: readonly string[], acceptLanguage: string | undefined): Locale {
  const wanted = [...(sessionLocale && sessionLocale !== 'auto' ? [sessionLocale] : []), ...preferred, ...acceptedTags(acceptLanguage)];
  const found = catalogTags(wanted);
  const i = found.findIndex((tag) => tag !== null);
  return i === -1 ? localeFor('en') : localeFor(found[i]!, wanted[i]!.trim());
}

/** A value written left to right (an invoice number, an amount, a date) kept whole inside a right-to-left sentence, where its punctuation would reorder it. */
export const isolated = (locale: Locale, value: string) => (locale.dir === 'rtl' ? `\u2068${value}\u2069` : value);
