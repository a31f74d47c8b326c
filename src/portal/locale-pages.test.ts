import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

describeEachEngine('portal in the customer language', createTestApi, (get) => {
  it('renders German from the session locale, with German money', async () => {
    const api = get();
    const f = await portalFixture(api, 'Karl Deutsch');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, locale: 'de', return_url: 'https://app.example.com' });
    const page = await v.get('/p');
    assert.match(page.html, /<html lang="de" dir="ltr">/);
    const text = textOf(page.html);
    assert.match(text, /Ihre Abonnements .* Aktiv Pro – 29,00 \$ pro Monat Nächste Rechnung 29,00 \$ am .* Tarif ändern Abonnement kündigen/);
    assert.match(text, /Zurück zu Acme/);
  });

  it('follows Accept-Language for locale=auto, and lays Arabic out right to left', async () => {
    const api = get();
    const f = await portalFixture(api, 'Layla Arab');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, locale: 'auto' });
    const page = await v.get('/p', { 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' });
    assert.match(page.html, /<html lang="ar-EG" dir="rtl">/);
    assert.match(textOf(page.html), /اشتراكاتك .* نشط/);
    const english = await v.get('/p', { 'accept-language': 'en-US' });
    assert.match(textOf(english.html), /Your subscriptions/);
  });
});
