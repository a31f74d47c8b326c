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

  it("writes the change-plan preview's proration lines in German", async () => {
    const api = get();
    const f = await portalFixture(api, 'Karl Preis');
    api.clock.advance(10 * 86_400);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, locale: 'de', return_url: 'https://app.example.com' });
    const item = f.subscription.items.data[0].id;
    const confirm = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=2`);
    const when = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeZone: 'UTC' }).format(api.clock.now() * 1000);
    const text = textOf(confirm.html).replace(/\u00a0/g, ' ');
    assert.ok(text.includes(`Nicht genutzte Zeit für 1 × Pro nach dem ${when}`), text);
    assert.ok(text.includes(`Verbleibende Zeit für 2 × Pro nach dem ${when}`), text);
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

  it('renders each catalog from a Stripe session locale: lang, heading, status, price and navigation in that language', async () => {
    const api = get();
    const f = await portalFixture(api, 'Polly Glot');
    const pages: [string, RegExp, string, RegExp][] = [
      ['fr-CA', /<html lang="fr-CA" dir="ltr">/, 'Vos abonnements', /Retour à Acme .* Vos abonnements Pro Actif Pro – 29,00 \$ US par mois Prochaine facture 29,00 \$ US le .* Changer de forfait Annuler l’abonnement/],
      ['es-419', /<html lang="es-419" dir="ltr">/, 'Tus suscripciones', /Volver a Acme .* Tus suscripciones Pro Activa Pro – USD 29\.00 al mes Próxima factura USD 29\.00 el .* Cambiar plan Cancelar suscripción/],
      ['it', /<html lang="it" dir="ltr">/, 'I tuoi abbonamenti', /Torna a Acme .* I tuoi abbonamenti Pro Attivo Pro – 29,00 USD al mese Prossima fattura 29,00 USD il .* Cambia piano Annulla abbonamento/],
      ['pt', /<html lang="pt" dir="ltr">/, 'Suas assinaturas', /Voltar para Acme .* Suas assinaturas Pro Ativa Pro – US\$ 29,00 por mês Próxima fatura US\$ 29,00 em .* Alterar plano Cancelar assinatura/],
      ['nl', /<html lang="nl" dir="ltr">/, 'Je abonnementen', /Terug naar Acme .* Je abonnementen Pro Actief Pro – US\$ 29,00 per maand Volgende factuur US\$ 29,00 op .* Pakket wijzigen Abonnement opzeggen/],
      ['ja', /<html lang="ja" dir="ltr">/, 'ご利用中のサブスクリプション', /Acmeに戻る .* ご利用中のサブスクリプション Pro 有効 Pro – 月額\$29\.00 次回の請求 \d{4}\/\d{2}\/\d{2}に\$29\.00 プランを変更 サブスクリプションをキャンセル/],
      ['zh', /<html lang="zh" dir="ltr">/, '您的订阅', /返回 Acme .* 您的订阅 Pro 有效 Pro – 每月 US\$29\.00 下一张发票 \d{4}年\d{1,2}月\d{1,2}日应付 US\$29\.00 更改方案 取消订阅/],
      ['sv', /<html lang="sv" dir="ltr">/, 'Dina prenumerationer', /Tillbaka till Acme .* Dina prenumerationer Pro Aktiv Pro – 29,00 US\$ per månad Nästa faktura 29,00 US\$ den .* Byt plan Säg upp prenumerationen/],
    ];
    for (const [locale, html, heading, text] of pages) {
      const { visitor: v } = await openPortal(api, { customer: f.customer.id, locale, return_url: 'https://app.example.com' });
      const page = await v.get('/p', { 'accept-language': 'de' });
      assert.match(page.html, html, locale);
      assert.ok(page.html.includes(`<h1>${heading}</h1>`), locale);
      assert.match(textOf(page.html).replace(/\u00a0/g, ' '), text, locale);
    }
  });

  it('shows Traditional Chinese sessions the next language the browser accepts, never Simplified', async () => {
    const api = get();
    const f = await portalFixture(api, 'Mei Lin');
    const { visitor: tw } = await openPortal(api, { customer: f.customer.id, locale: 'zh-TW' });
    const japanese = await tw.get('/p', { 'accept-language': 'zh-TW,zh;q=0.9,ja;q=0.8' });
    assert.match(japanese.html, /<html lang="ja" dir="ltr">/);
    assert.match(textOf(japanese.html), /ご利用中のサブスクリプション/);
    const { visitor: hk } = await openPortal(api, { customer: f.customer.id, locale: 'zh-HK' });
    const english = await hk.get('/p', { 'accept-language': 'zh-HK,zh;q=0.9' });
    assert.match(english.html, /<html lang="en" dir="ltr">/);
    assert.match(textOf(english.html), /Your subscriptions/);
  });

  it('names a refused billing detail by its section and field in the customer language: French with a no-break space before the colon, Japanese with a full-width colon', async () => {
    const api = get();
    const f = await portalFixture(api, 'Field Label');
    const cases: [string, string][] = [
      ['fr', 'Veuillez vérifier ce champ\u00a0: Adresse de facturation\u00a0: Pays (code à deux lettres).'],
      ['ja', '次の項目をご確認ください：請求先住所：'],
      ['de', 'Bitte prüfen Sie dieses Feld: Rechnungsadresse: '],
    ];
    for (const [locale, expected] of cases) {
      const { visitor: v } = await openPortal(api, { customer: f.customer.id, locale });
      await v.get('/p/details');
      const bad = await v.post('/p/details', { 'address[line1]': '1 rue de la Paix', 'address[country]': 'FRA' });
      assert.equal(bad.status, 400, locale);
      // The raw page: the text helper would fold the no-break spaces into plain ones.
      assert.ok(bad.html.includes(expected), `${locale}: ${textOf(bad.html)}`);
    }
  });
});
