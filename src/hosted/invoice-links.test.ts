import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../app.ts';
import { createTestApi, silentLogger } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { pdfText } from '../../test/support/pdf-text.ts';

const PUBLIC_URL = 'https://billing.example.com';

describeEachEngine('invoice links, page and PDF', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const draft = async () => {
    const cus = await post('/v1/customers', { name: 'Ada Lovelace', email: 'ada@example.com', address: { line1: '1 Analytical Way', city: 'London', country: 'GB' } });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 120000, currency: 'usd', description: 'Annual plan' });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 4550, currency: 'usd', description: 'Extra seats' });
    return post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
  };
  // The API's own app answers at the default public URL; a request goes to the path.
  const fetchLink = (url: string) => get().app.request(new URL(url).pathname);

  it('gives a draft no links, and a finalized invoice a PDF with its number, lines and total', async () => {
    const d = await draft();
    assert.deepEqual([d.hosted_invoice_url, d.invoice_pdf], [null, null]);
    const open = await post(`/v1/invoices/${d.id}/finalize`);
    assert.match(open.hosted_invoice_url, /^http:\/\/127\.0\.0\.1:4242\/invoices\/[A-Za-z0-9_-]{43}$/);
    assert.equal(open.invoice_pdf, `${open.hosted_invoice_url}/pdf`);
    assert.equal((await get().call('GET', `/v1/invoices/${d.id}`)).body.invoice_pdf, open.invoice_pdf);

    const res = await fetchLink(open.invoice_pdf);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-disposition'), `inline; filename="${open.number}.pdf"`);
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    for (const expected of ['Acme', `Invoice ${open.number}`, 'Status: Open', 'Annual plan', '$1,200.00', 'Extra seats', '$45.50', 'Ada Lovelace', 'ada@example.com', '1 Analytical Way']) {
      assert.ok(text.includes(expected), `PDF lacks ${expected}: ${JSON.stringify(text)}`);
    }
    const total = text.indexOf('Total');
    assert.ok(total >= 0 && text[total + 1] === '$1,245.50', JSON.stringify(text));
  });

  it("shows the invoice's description, custom fields and footer on the page and in the PDF", async () => {
    const cus = await post('/v1/customers', { email: 'ada@example.com', invoice_settings: { footer: 'Customer default footer' } });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 5000, currency: 'usd', description: 'Workshop' });
    const d = await post('/v1/invoices', {
      customer: cus.id,
      pending_invoice_items_behavior: 'include',
      description: 'Workshop of 12 March <for the team>',
      custom_fields: [{ name: 'PO number', value: 'PO-7' }],
      footer: 'Acme Ltd, registered in England',
    });
    const open = await post(`/v1/invoices/${d.id}/finalize`);
    const page = await (await fetchLink(open.hosted_invoice_url)).text();
    assert.ok(page.includes('<p class="memo">Workshop of 12 March &lt;for the team&gt;</p>'), page);
    assert.ok(page.includes('<dt>PO number</dt><dd>PO-7</dd>'), page);
    assert.ok(page.includes('<footer class="muted">Acme Ltd, registered in England</footer>'), page);
    const text = pdfText(Buffer.from(await (await fetchLink(open.invoice_pdf)).arrayBuffer()));
    for (const expected of ['Workshop of 12 March <for the team>', 'PO number: PO-7', 'Acme Ltd, registered in England']) {
      assert.ok(text.includes(expected), `PDF lacks ${expected}: ${JSON.stringify(text)}`);
    }
  });

  it('serves an accessible page with the number, total, status and a link to the PDF', async () => {
    const open = await post(`/v1/invoices/${(await draft()).id}/finalize`);
    const res = await fetchLink(open.hosted_invoice_url);
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /<html lang="en" dir="ltr">/);
    assert.ok(page.includes(`Invoice ${open.number}`));
    assert.ok(page.includes('$1,245.50'));
    assert.ok(page.includes(`<a href="${open.invoice_pdf}" download>Download PDF</a>`));
    assert.match(page, /<caption id="lines">Invoice lines/);
    assert.match(page, /<th scope="col">Description<\/th>/);
    assert.match(page, /<dt>Status<\/dt><dd><span class="status">Open<\/span>/);

    await post(`/v1/invoices/${open.id}/pay`, { paid_out_of_band: 'true' });
    assert.match(await (await fetchLink(open.hosted_invoice_url)).text(), /<span class="status">Paid<\/span>/);
  });

  it('answers a wrong or malformed token with a plain 404 page', async () => {
    const open = await post(`/v1/invoices/${(await draft()).id}/finalize`);
    const token = new URL(open.hosted_invoice_url).pathname.split('/')[2];
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const path of [`/invoices/${wrong}`, `/invoices/${wrong}/pdf`, '/invoices/short', "/invoices/%27%3Cscript%3E/pdf"]) {
      const res = await get().app.request(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      const body = await res.text();
      assert.match(body, /Invoice not found/);
      assert.doesNotMatch(body, /at .*\.ts/);
    }
  });

  it('keeps the same links for a new app on the same database, under the configured public URL', async () => {
    const open = await post(`/v1/invoices/${(await draft()).id}/finalize`);
    const api = get();
    const restarted = createApp({ db: api.storage.db, clock: api.clock, logger: silentLogger, publicUrl: PUBLIC_URL });
    const res = await restarted.request(`/v1/invoices/${open.id}`, { headers: { authorization: `Bearer ${api.keys.test}` } });
    const again = (await res.json()) as { hosted_invoice_url: string; invoice_pdf: string };
    assert.equal(again.hosted_invoice_url, open.hosted_invoice_url.replace('http://127.0.0.1:4242', PUBLIC_URL));
    assert.equal(again.invoice_pdf, open.invoice_pdf.replace('http://127.0.0.1:4242', PUBLIC_URL));
    assert.equal((await restarted.request(new URL(again.invoice_pdf).pathname)).status, 200);
  });
});
