import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { en } from './en.ts';
import { SESSION_LOCALES } from '../../modules/portal-sessions/schemas.ts';
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
        const sentence = text.replace(/\{\w+\}/g, '').trim().split(/\s+/).length > 2;
        if (tag !== 'en' && sentence) assert.notEqual(translated, text, `${tag}: ${key} is still English`);
      }
    });
  }

  it('picks the session locale, else (auto) the customer preference, then Accept-Language; English otherwise', () => {
    assert.equal(resolveLocale('de', [], 'ar').tag, 'de');
    assert.equal(resolveLocale('auto', ['ar-EG'], 'de').tag, 'ar');
    assert.equal(resolveLocale(null, [], 'ko-KR, de-CH;q=0.8, en;q=0.5').tag, 'de');
    assert.equal(resolveLocale('auto', [], 'xx, *').tag, 'en');
    assert.equal(resolveLocale('auto', ['sv-FI'], 'fr').tag, 'sv');
    assert.deepEqual(acceptedTags('en;q=0.2, de-AT, ar;q=0.9, x;q=0'), ['de-AT', 'ar', 'en']);
  });

  it('serves a catalog to every tag of its language in its script: pt* gets pt-BR, Simplified Chinese tags get zh-Hans', () => {
    const served = (accept: string) => {
      const l = resolveLocale(null, [], accept);
      return `${l.tag} ${l.intl}`;
    };
    assert.equal(served('pt-PT'), 'pt-BR pt-PT', 'European Portuguese reads the Brazilian catalog, with its own dates and money');
    assert.equal(served('pt'), 'pt-BR pt');
    assert.equal(served('zh-CN'), 'zh-Hans zh-CN');
    assert.equal(served('zh-SG'), 'zh-Hans zh-SG');
    assert.equal(served('zh-Hans'), 'zh-Hans zh-Hans');
    assert.equal(served('zh-Hans-HK'), 'zh-Hans zh-Hans-HK', 'a Hong Kong reader who asks for Simplified gets it');
    assert.equal(served('zh'), 'zh-Hans zh');
    assert.equal(served('es-MX'), 'es es-MX');
    assert.equal(served('fr-BE'), 'fr fr-BE');
    assert.equal(served('nl-BE'), 'nl nl-BE');
    assert.equal(served('sv-FI'), 'sv sv-FI');
    assert.equal(served('ja-JP'), 'ja ja-JP');
    assert.equal(served('it-CH'), 'it it-CH');
  });

  it('never serves Simplified to Traditional Chinese tags: zh-TW and zh-HK fall through to the next language, a bare zh after them too', () => {
    assert.equal(resolveLocale(null, [], 'zh-TW, ja;q=0.8').tag, 'ja');
    assert.equal(resolveLocale(null, [], 'zh-HK, zh;q=0.9, fr;q=0.8').tag, 'fr', 'the zh a browser adds after zh-HK means Traditional');
    assert.equal(resolveLocale(null, [], 'zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7').intl, 'en-US');
    assert.equal(resolveLocale(null, [], 'zh-Hant, zh-MO').tag, 'en');
    assert.equal(resolveLocale(null, [], 'zh, zh-TW').tag, 'zh-Hans', 'a bare zh first means Simplified');
  });

  it("resolves each of Stripe's session locales: its catalog, else the customer's and the browser's languages, else English", () => {
    const served = Object.fromEntries(SESSION_LOCALES.map((l) => [l, resolveLocale(l, [], undefined).tag]));
    const expected: Record<string, string> = {
      de: 'de', ar: 'ar', fr: 'fr', 'fr-CA': 'fr', es: 'es', 'es-419': 'es', it: 'it', pt: 'pt-BR', 'pt-BR': 'pt-BR',
      nl: 'nl', ja: 'ja', zh: 'zh-Hans', 'zh-Hans': 'zh-Hans', sv: 'sv',
    };
    for (const l of SESSION_LOCALES) assert.equal(served[l], expected[l] ?? 'en', l);
    assert.equal(resolveLocale('es-419', [], undefined).intl, 'es-419');
    assert.equal(resolveLocale('fr-CA', [], undefined).money(2900, 'usd'), '29,00\u00a0$\u00a0US');
    assert.equal(resolveLocale('zh-TW', [], 'zh-TW, ja;q=0.5').tag, 'ja', 'a session locale without a catalog falls through to the browser');
    assert.equal(resolveLocale('zh-HK', ['it'], 'fr').tag, 'it', "and before that to the customer's preferred locales");
    assert.equal(resolveLocale('ko', [], 'de').tag, 'de');
    assert.equal(resolveLocale('nb', [], undefined).intl, 'en');
    assert.equal(resolveLocale('auto', [], 'ja').tag, 'ja');
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
    for (const tag of Object.keys(CATALOGS)) assert.equal(resolveLocale(tag, [], undefined).dir, tag === 'ar' ? 'rtl' : 'ltr', tag);
  });
});
