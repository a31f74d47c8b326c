import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations, cspRefusals, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

// The test gateway's 3-D Secure page as a customer meets it: sent there from a payment that
// asked for authentication, choosing an outcome, and coming back to the invoice page.
describe('test challenge page in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** An open invoice whose charge waits for authentication: its challenge link and the intent. */
  async function waitingPayment(locales: string[] = []) {
    const { stripe } = server;
    const customer = await stripe.customers.create({ name: 'Grace Hopper', preferred_locales: locales });
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 4900, currency: 'eur', description: 'Pro plan' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id!);
    const error = await stripe.invoices.pay(invoice.id!).then(
      () => assert.fail('the payment asked for no authentication'),
      (err) => err,
    );
    const intent = error.payment_intent;
    return { invoice, intent, url: intent.next_action.redirect_to_url.url as string };
  }

  it("a card's setup asks on the same page, without an amount, and returns to the app with the setup done", async () => {
    const { stripe } = server;
    const customer = await stripe.customers.create({ name: 'Ada Byron' });
    const setup = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, return_url: `http://127.0.0.1:${server.port}/p` });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto(setup.next_action!.redirect_to_url!.url!);
      assert.equal(await page.getByRole('heading', { level: 1, name: 'Authenticate this payment' }).count(), 1);
      assert.match((await page.locator('dl').innerText()).replace(/\s+/g, ' '), /^Card VISA •••• 3155$/);
      assert.deepEqual(await axeViolations(page), []);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'test-challenge-setup-en-360');
      await page.getByRole('button', { name: 'Complete' }).click();
      await page.waitForURL((u) => u.searchParams.get('setup_intent') === setup.id);
    } finally {
      await context.close();
    }
    assert.equal((await stripe.setupIntents.retrieve(setup.id)).status, 'succeeded');
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`completing authentication pays the invoice and returns to its page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const { invoice, intent, url } = await waitingPayment();
      const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        const refusals = cspRefusals(page);
        await page.goto(url);
        assert.equal(await page.getByRole('heading', { level: 1, name: 'Authenticate this payment' }).count(), 1);
        assert.equal(await page.getByText('€49.00').count(), 1);
        if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), []);
        await screenshot(page, `test-challenge-en${javaScriptEnabled ? '' : '-no-js'}`);
        await page.getByRole('button', { name: 'Complete' }).click();
        await page.waitForURL((u) => u.pathname === new URL(invoice.hosted_invoice_url!).pathname);
        assert.equal(new URL(page.url()).searchParams.get('redirect_status'), 'succeeded');
        assert.deepEqual(refusals, []);
        await screenshot(page, `test-challenge-returned${javaScriptEnabled ? '' : '-no-js'}`);
      } finally {
        await context.close();
      }
      assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'paid');
      assert.equal((await server.stripe.paymentIntents.retrieve(intent.id)).status, 'succeeded');
    });
  }

  it('failing authentication leaves the invoice open with the failure on its intent (Arabic, 360 px, no JavaScript)', async () => {
    const { invoice, intent, url } = await waitingPayment(['ar']);
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      assert.equal(await page.locator('html[dir="rtl"][lang="ar"]').count(), 1);
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      await screenshot(page, 'test-challenge-ar-360');
      await page.getByRole('button', { name: 'إفشال المصادقة' }).click();
      await page.waitForURL((u) => u.searchParams.get('redirect_status') === 'failed');
    } finally {
      await context.close();
    }
    assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'open');
    const after = await server.stripe.paymentIntents.retrieve(intent.id);
    assert.deepEqual([after.status, after.last_payment_error?.code], ['requires_payment_method', 'payment_intent_authentication_failure']);
  });

  it('has no accessibility violations in Arabic, dark', async () => {
    const { url } = await waitingPayment(['ar']);
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'test-challenge-ar-dark');
    } finally {
      await context.close();
    }
  });
});
