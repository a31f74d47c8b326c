import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { axeViolations, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';
import { seedPortalCustomer, type PortalCustomer } from '../support/portal-tour.ts';

const DAY = 24 * 60 * 60;
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// A downgrade whose credit is larger than its charge, as the customer sees it: the portal's
// preview and the invoice it makes, in English and in Arabic on a phone.
describe('credit to the balance in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let seeded: PortalCustomer;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
    seeded = await seedPortalCustomer(server.stripe, { name: 'Downgrade Dana' });
    const sub = seeded.subscriptions[0];
    await server.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: seeded.prices.bigger.id, quantity: 2 }], proration_behavior: 'none' });
    server.api.clock.advance(10 * DAY);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const cases: { name: string; options: BrowserContextOptions }[] = [
    { name: 'en', options: { locale: 'en-US', viewport: { width: 1280, height: 900 } } },
    { name: 'ar-360', options: { locale: 'ar', viewport: { width: 360, height: 740 }, javaScriptEnabled: true } },
  ];
  for (const { name, options } of cases) {
    it(`previews the downgrade as credit to the balance, nothing billed now (${name})`, async () => {
      const context = await browser.newContext(options);
      try {
        const page = await context.newPage();
        const sub = seeded.subscriptions[0];
        const session = await server.stripe.billingPortal.sessions.create({ customer: seeded.customer.id });
        await page.goto(session.url);
        const query = new URLSearchParams({ item: sub.items.data[0].id, price: seeded.prices.monthly.id, quantity: '1' });
        await page.goto(`http://127.0.0.1:${server.port}/p/subscriptions/${sub.id}/update/confirm?${query}`);
        const text = await mainText(page);
        if (name === 'en') assert.match(text, /Billed now .* Total -\$\d+\.\d\d Credit to your balance \$\d+\.\d\d Amount due \$0\.00/);
        else assert.match(text, /رصيد يُضاف إلى حسابك .*المبلغ المستحق ‏0\.00 US\$/);
        assert.deepEqual(await axeViolations(page), []);
        assert.ok((await horizontalOverflow(page)) <= 0, 'the preview fits the screen');
        await screenshot(page, `balance-credit-preview-${name}`);
      } finally {
        await context.close();
      }
    });
  }

  it('shows the downgrade invoice with its credit to the balance and nothing due', async () => {
    const sub = seeded.subscriptions[0];
    const updated = await server.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: seeded.prices.monthly.id, quantity: 1 }], proration_behavior: 'always_invoice' });
    const invoice = await server.stripe.invoices.retrieve(updated.latest_invoice as string);
    assert.ok(invoice.total < 0 && invoice.amount_due === 0);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(invoice.hosted_invoice_url!);
      assert.match(await mainText(page), /Credit to your balance \$\d+\.\d\d .*Amount due \$0\.00/);
      assert.ok((await horizontalOverflow(page)) <= 0);
      await screenshot(page, 'balance-credit-invoice-360');
    } finally {
      await context.close();
    }
  });
});
