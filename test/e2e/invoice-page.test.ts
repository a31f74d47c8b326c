import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, axeViolations, cspRefusals, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';
import { pdfText } from '../support/pdf-text.ts';

// The hosted invoice page as a customer opens it from an emailed link, in a real Chromium.
describe('hosted invoice page in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let pagePath: string;
  let pdfPath: string;
  let number: string;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
    const { stripe } = server;
    const customer = await stripe.customers.create({ name: 'Ada Lovelace', email: 'ada@example.com' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 120000, currency: 'usd', description: 'Annual plan' });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      description: 'Thank you for renewing: this covers March 2026 to February 2027.',
      custom_fields: [{ name: 'PO number', value: 'PO-2026-118' }, { name: 'Supplier no.', value: 'ACME-0042' }],
      footer: 'Acme Ltd, 1 Main Street, London. Registered in England no. 01234567. Questions? billing@acme.example',
    });
    const open = await stripe.invoices.finalizeInvoice(draft.id!);
    pagePath = new URL(open.hosted_invoice_url!).pathname;
    pdfPath = new URL(open.invoice_pdf!).pathname;
    number = open.number!;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const url = (path = pagePath) => `http://127.0.0.1:${server.port}${path}`;

  // The browser's language picks the page's (the customer named none): English, and Arabic right to left.
  const cases = [
    { colorScheme: 'light', locale: 'en-US', heading: () => `Invoice ${number}` },
    { colorScheme: 'dark', locale: 'en-US', heading: () => `Invoice ${number}` },
    { colorScheme: 'light', locale: 'ar', heading: () => `الفاتورة \u2068${number}\u2069` },
  ] as const;
  for (const { colorScheme, locale, heading } of cases) {
    it(`has no accessibility violations (${colorScheme}, ${locale})`, async () => {
      const context = await browser.newContext({ colorScheme, locale, viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(url());
        assert.equal(await page.getByRole('heading', { level: 2, name: heading() }).count(), 1);
        assert.deepEqual(await axeViolations(page), []);
        await screenshot(page, `invoice-page-${colorScheme}-${locale}`);
      } finally {
        await context.close();
      }
    });
  }

  it("shows the merchant's note, custom fields and footer to the customer", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(url());
      assert.equal(await page.getByText('Thank you for renewing: this covers March 2026 to February 2027.').count(), 1);
      // Each custom field reads as a term of the invoice's details, next to its dates.
      assert.equal(await page.locator('dt', { hasText: 'PO number' }).locator('xpath=following-sibling::dd[1]').textContent(), 'PO-2026-118');
      assert.equal(await page.locator('dt', { hasText: 'Supplier no.' }).locator('xpath=following-sibling::dd[1]').textContent(), 'ACME-0042');
      assert.match((await page.locator('footer').textContent()) ?? '', /Registered in England no\. 01234567/);
      await screenshot(page, 'invoice-page-custom-fields');
    } finally {
      await context.close();
    }
  });

  it('downloads the PDF with JavaScript disabled, on a 360 px wide screen', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(url());
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
      assert.equal(download.suggestedFilename(), `${number}.pdf`);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const pdf = Buffer.concat(chunks);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, 'invoice.pdf'), pdf);
      // The customer's PDF carries the merchant's note, custom fields and footer.
      const text = pdfText(pdf).join('\n');
      for (const expected of ['Thank you for renewing', 'PO number: PO-2026-118', 'Supplier no.: ACME-0042', 'Registered in England no. 01234567']) {
        assert.ok(text.includes(expected), `PDF lacks ${expected}: ${text}`);
      }
      await screenshot(page, 'invoice-page-360px-no-js');
    } finally {
      await context.close();
    }
  });

  it('keeps its styles under its Content-Security-Policy at 360 and 1280 px, and its PDF opens in the viewer', async () => {
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      try {
        const page = await context.newPage();
        const refused = cspRefusals(page);
        const res = await page.goto(url());
        assert.match(res!.headers()['content-security-policy'], /^default-src 'none'; style-src 'sha256-/);
        // The status reads as a badge (rounded, bordered) only when the page's stylesheet applied.
        const badge = await page.locator('.status').evaluate((el) => (globalThis as any).getComputedStyle(el).borderTopLeftRadius);
        assert.equal(badge, '16px');
        assert.deepEqual(refused, []);
        await screenshot(page, `invoice-page-csp-${width}px`);
      } finally {
        await context.close();
      }
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const refused = cspRefusals(page);
      const res = await page.goto(url(pdfPath));
      assert.equal(res!.headers()['content-type'], 'application/pdf');
      assert.match(res!.headers()['content-security-policy'], /frame-ancestors 'none'/);
      await page.waitForTimeout(1500); // the viewer draws the first page
      assert.deepEqual(refused, []);
      await screenshot(page, 'invoice-pdf-in-chromium');
    } finally {
      await context.close();
    }
  });
});
