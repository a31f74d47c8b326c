import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { pdfText } from '../../test/support/pdf-text.ts';

// The hosted invoice page and PDF speak the customer's language, as the portal does.
describeEachEngine('invoice page and PDF languages', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  /** An open invoice of 1,245.50 USD with a 19% inclusive tax, for a customer preferring `locales`. */
  const invoiceFor = async (locales: string[]) => {
    const cus = await post('/v1/customers', { name: 'Ada Lovelace', email: 'ada@example.com', ...(locales.length > 0 && { preferred_locales: locales }) });
    const vat = await post('/v1/tax_rates', { display_name: 'VAT', percentage: 19, inclusive: true });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 124550, currency: 'usd', description: 'Annual plan', tax_rates: [vat.id] });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    return post(`/v1/invoices/${draft.id}/finalize`);
  };
  const open = async (url: string, acceptLanguage?: string) => {
    const res = await get().app.request(new URL(url).pathname, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
    return res.headers.get('content-type') === 'application/pdf' ? pdfText(Buffer.from(await res.arrayBuffer())).join('\n') : res.text();
  };

  it("writes a German customer's page and PDF in German, with German money, dates and percentages", async () => {
    const invoice = await invoiceFor(['de-DE']);
    const page = await open(invoice.hosted_invoice_url, 'en-US');
    assert.match(page, /<html lang="de" dir="ltr">/);
    for (const expected of [`<h2>Rechnung ${invoice.number}</h2>`, '<span class="status">Offen</span>', '<dt>Erstellt</dt><dd>01.01.2026</dd>', 'PDF herunterladen', '<th scope="col" class="num">Stückpreis</th>', 'Steuer VAT 19 % inklusive', '<strong>1.245,50 $</strong>']) {
      assert.ok(page.includes(expected.replaceAll(' $', '\u00a0$').replace('19 %', '19\u00a0%')), `page lacks ${expected}`);
    }
    const pdf = await open(invoice.invoice_pdf);
    for (const expected of [`Rechnung ${invoice.number}`, 'Status: Offen', 'Rechnungsempfänger', 'Gesamt', 'Fälliger Betrag', '1.245,50\u00a0$']) {
      assert.ok(pdf.includes(expected), `PDF lacks ${expected}: ${JSON.stringify(pdf)}`);
    }
  });

  it('writes French money with the no-break spaces the PDF font has', async () => {
    const invoice = await invoiceFor(['fr']);
    const pdf = await open(invoice.invoice_pdf);
    assert.ok(pdf.includes('Montant dû'), pdf);
    assert.ok(pdf.includes('1\u00a0245,50\u00a0$US'), `PDF lacks French money: ${JSON.stringify(pdf)}`);
  });

  it("follows the browser's Accept-Language when the customer names no language, also on the not-found page", async () => {
    const invoice = await invoiceFor([]);
    const page = await open(invoice.hosted_invoice_url, 'sv-SE,sv;q=0.9');
    assert.match(page, /<html lang="sv" dir="ltr">/);
    assert.ok(page.includes(`<h2>Faktura ${invoice.number}</h2>`));
    assert.ok((await open(invoice.invoice_pdf, 'sv')).includes('Belopp att betala'));
    const missing = await get().app.request('/invoices/short', { headers: { 'accept-language': 'sv' } });
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /<h1>Fakturan hittades inte<\/h1>/);
  });

  it('writes Arabic right to left, and the PDF in English where its font has no Arabic or Japanese', async () => {
    const arabic = await invoiceFor(['ar']);
    const page = await open(arabic.hosted_invoice_url);
    assert.match(page, /<html lang="ar" dir="rtl">/);
    assert.ok(page.includes(`الفاتورة \u2068${arabic.number}\u2069`), "the number kept whole in the right-to-left heading");
    for (const invoice of [arabic, await invoiceFor(['ja'])]) {
      const pdf = await open(invoice.invoice_pdf);
      assert.ok(pdf.includes(`Invoice ${invoice.number}`) && pdf.includes('$1,245.50'), JSON.stringify(pdf));
    }
    assert.ok((await open((await invoiceFor(['ja'])).hosted_invoice_url)).includes('請求書'));
  });
  it("writes the billing engine's own lines anew in the customer's language, and keeps lines someone wrote", async () => {
    const api = get();
    const basic = await post('/v1/prices', { currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const pro = await post('/v1/prices', { currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const cus = await post('/v1/customers', { name: 'Grete', preferred_locales: ['de'] });
    const card = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: card.id } });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 500, currency: 'usd', description: 'Setup fee' });

    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: basic.id, quantity: 2 }], expand: ['latest_invoice'] });
    assert.equal(sub.latest_invoice.lines.data[0].description, '2 × Basic (at $10.00 / month)', 'the API keeps the stored English text');
    const first = await open(sub.latest_invoice.hosted_invoice_url);
    assert.ok(first.includes('<td>2 × Basic (10,00\u00a0$ pro Monat)</td>'), first);

    api.clock.set(api.clock.now() + 15 * 86_400);
    const changed = await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: sub.items.data[0].id, price: pro.id, quantity: 2 }], proration_behavior: 'always_invoice', expand: ['latest_invoice'] });
    const when = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeZone: 'UTC' }).format(api.clock.now() * 1000);
    // The PDF wraps long descriptions onto a second line.
    const pdf = (await open(changed.latest_invoice.invoice_pdf)).replace(/ ?\n/g, ' ');
    for (const expected of [`Nicht genutzte Zeit für 2 × Basic nach dem ${when}`, `Verbleibende Zeit für 2 × Pro nach dem ${when}`]) {
      assert.ok(pdf.includes(expected), `PDF lacks ${expected}: ${JSON.stringify(pdf)}`);
    }

    const trial = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: pro.id }], trial_period_days: 7, expand: ['latest_invoice'] });
    assert.ok((await open(trial.latest_invoice.hosted_invoice_url)).includes('<td>Testzeitraum für Pro</td>'));

    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    const fee = await post(`/v1/invoices/${draft.id}/finalize`);
    assert.ok((await open(fee.hosted_invoice_url)).includes('<td>Setup fee</td>'));
  });
});
