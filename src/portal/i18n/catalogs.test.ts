import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { en } from './en.ts';
import { acceptedTags, CATALOGS, resolveLocale } from './locale.ts';

describe('portal catalogs', () => {
  for (const [tag, catalog] of Object.entries(CATALOGS)) {
    it(`${tag} has every key of en, and no other, each with the same placeholders`, () => {
      assert.deepEqual(Object.keys(catalog).sort(), Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        const translated = catalog[key as keyof typeof en];
        assert.ok(translated.trim() !== '', `${tag}: ${key} is empty`);
        assert.deepEqual(placeholders(translated), placeholders(text), `${tag}: ${key}`);
      }
    });
  }

  it('picks the session locale, else (auto) the customer preference, then Accept-Language; English otherwise', () => {
    assert.equal(resolveLocale('de', [], 'ar').tag, 'de');
    assert.equal(resolveLocale('auto', ['ar-EG'], 'de').tag, 'ar');
    assert.equal(resolveLocale(null, [], 'fr-CA, de-CH;q=0.8, en;q=0.5').tag, 'de');
    assert.equal(resolveLocale('auto', [], 'xx, *').tag, 'en');
    assert.equal(resolveLocale('ja', [], 'de').tag, 'en', 'a chosen locale without a catalog falls back to English, not to the browser');
    assert.deepEqual(acceptedTags('en;q=0.2, de-AT, ar;q=0.9, x;q=0'), ['de-AT', 'ar', 'en']);
  });

  it('formats money and dates with Intl for the locale, and writes Arabic right to left', () => {
    const de = resolveLocale('de-CH', [], undefined);
    assert.equal(de.intl, 'de-CH');
    assert.equal(resolveLocale('de', [], undefined).money(123450, 'eur'), '1.234,50\u00a0€');
    assert.equal(resolveLocale('en-GB', [], undefined).date(1_767_225_600), '1 Jan 2026');
    assert.equal(resolveLocale('en', [], undefined).money(1000, 'jpy'), '¥1,000');
    const ar = resolveLocale('ar', [], undefined);
    assert.equal(ar.dir, 'rtl');
    assert.equal(ar.t('nav.return', { business: 'Acme' }), 'العودة إلى Acme');
    assert.equal(resolveLocale('de', [], undefined).dir, 'ltr');
  });
});
