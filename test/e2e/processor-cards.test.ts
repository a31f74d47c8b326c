import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { axeViolations, cspRefusals, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { fakeProcessors } from '../support/fake-processor.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

/** The processor's own card page: a stand-in on another loopback port. */
async function startProcessorPage(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Processor</title><h1>Enter your card</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// A project charging through a remote processor: its cards page sends the customer to the
// processor's page, with JavaScript off, and takes them back with the card saved.
describe('adding a card on the processor\'s page, in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let processorPage: Awaited<ReturnType<typeof startProcessorPage>>;
  let fakes: ReturnType<typeof fakeProcessors>;
  let customer: string;
  before(async () => {
    processorPage = await startProcessorPage();
    fakes = fakeProcessors(processorPage.origin);
    // The stand-in's address as Stripe's: its pages are the processor's pages the portal may lead to.
    [server, browser] = await Promise.all([startSdkServer('sqlite', { makeProcessor: fakes.make, stripeApiUrl: processorPage.origin }), launchBrowser()]);
    const set = await server.api.call('POST', '/v1/processor_settings', { params: { processor: 'stripe', stripe: { secret_key: 'sk_test_51BrowserCardsKey0', webhook_secret: 'whsec_browserCardsTest01' } } });
    assert.equal(set.status, 200);
    customer = (await server.stripe.customers.create({ name: 'Olu Adeyemi', email: 'olu@example.com' })).id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    processorPage?.server.close();
  });
  const portal = async () => (await server.stripe.billingPortal.sessions.create({ customer, return_url: 'https://app.example.com/account' })).url;

  for (const locale of ['en', 'ar'] as const) {
    it(`the cards page offers the processor's page: no violations, readable at 360 px (${locale})`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
      try {
        const page = await context.newPage();
        await page.goto(await portal());
        await page.goto(`http://127.0.0.1:${server.port}/p/payment-methods`);
        assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
        assert.equal(await page.locator('input[autocomplete="cc-number"]').count(), 0);
        assert.deepEqual(await axeViolations(page), []);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, `portal-cards-processor-${locale}-360`);
      } finally {
        await context.close();
      }
    });
  }

  it('without JavaScript: to the processor\'s page and back, the card saved and the default', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en', viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const refused = cspRefusals(page);
      await page.goto(await portal());
      await page.goto(`http://127.0.0.1:${server.port}/p/payment-methods`);
      await page.getByRole('button', { name: 'Continue to add a card' }).click();
      await page.waitForURL(`${processorPage.origin}/setup/**`);
      assert.equal(await page.locator('h1').innerText(), 'Enter your card');
      assert.deepEqual(refused, []);

      // The processor saves the card and sends the customer back where Bursar asked.
      const setup = fakes.latest().setups.at(-1)!;
      const ref = new URL(page.url()).pathname.split('/').at(-1)!;
      fakes.latest().outcomes.set(ref, { status: 'succeeded', method: { ref: 'pm_browser_1', card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034, fingerprint: 'fpBrowser', funding: 'credit', country: 'US' } } });
      await page.goto(setup.successUrl.replace('{SETUP_REF}', ref));
      assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/p/payment-methods?done=card_added');
      const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      assert.match(main, /Your card was added and will be used for future payments\. VISA ending in 4242 Default Expires 12\/2034/);
      await screenshot(page, 'portal-cards-processor-added-en');
    } finally {
      await context.close();
    }
  });
});
