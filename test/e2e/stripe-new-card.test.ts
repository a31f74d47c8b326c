import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { axeViolations, cspRefusals, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';
import { startStripeStandin, type StripeStandin } from '../support/stripe-standin.ts';

const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// A project charging through Stripe (the stand-in): a customer pays with a card they add now,
// on Stripe's page, from the portal and from the hosted invoice page, with JavaScript off.
describe("paying with a new card added on Stripe's page, in Chromium", () => {
  let standin: StripeStandin;
  let server: SdkServer;
  let browser: Browser;
  before(async () => {
    standin = await startStripeStandin();
    [server, browser] = await Promise.all([startSdkServer('sqlite', { stripeApiUrl: standin.url }), launchBrowser()]);
    const set = await server.api.call('POST', '/v1/processor_settings', { params: { processor: 'stripe', stripe: { secret_key: 'sk_test_51BrowserNewCard000', webhook_secret: standin.webhookSecret } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await standin?.close();
  });
  const origin = () => `http://127.0.0.1:${server.port}`;

  async function withPage(options: BrowserContextOptions, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en', viewport: { width: 1280, height: 900 }, ...options });
    try {
      await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  async function customerOwing(name: string): Promise<{ customer: Stripe.Customer; invoice: Stripe.Invoice }> {
    const customer = await server.stripe.customers.create({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` });
    await server.stripe.invoiceItems.create({ customer: customer.id, amount: 1200, currency: 'usd', description: 'Onboarding' });
    const draft = await server.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: false });
    return { customer, invoice: await server.stripe.invoices.finalizeInvoice(draft.id!) };
  }

  /** On the stand-in's Checkout page: saves the card, and Stripe sends the customer back. */
  async function saveCardAtStripe(page: Page) {
    await page.waitForURL(`${standin.url}/c/pay/**`);
    assert.equal(await page.locator('h1').innerText(), 'Save a card');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.waitForURL(`${origin()}/**`);
  }

  it('from the portal: "A new card" goes to Stripe, comes back to the pay page with the card chosen, and pays with it', () =>
    withPage({}, async (page) => {
      const { customer, invoice } = await customerOwing('Noor Haddad');
      const refused = cspRefusals(page);
      await page.goto((await server.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://app.example.com/account' })).url);
      await page.goto(`${origin()}/p/invoices/${invoice.id}/pay`);
      assert.equal(await page.getByLabel('A new card').isChecked(), true, 'with no saved card, a new one is chosen');
      assert.equal(await page.locator('input[autocomplete="cc-number"]').count(), 0, 'no card number is asked here');
      await page.getByRole('button', { name: 'Pay $12.00' }).click();
      await saveCardAtStripe(page);

      const back = new URL(page.url());
      assert.equal(back.pathname, `/p/invoices/${invoice.id}/pay`);
      const [card] = (await server.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data;
      assert.equal(back.searchParams.get('card'), card!.id);
      assert.equal(await page.getByLabel('Visa •••• 4242').isChecked(), true, 'the card just added is chosen');
      await screenshot(page, 'pay-portal-stripe-new-card-back');
      await page.getByRole('button', { name: 'Pay $12.00' }).click();
      assert.equal(page.url(), `${origin()}/p/invoices?done=invoice_paid`);
      assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'paid');
      assert.deepEqual(refused, []);

      const session = standin.requests.findLast((r) => r.path === '/v1/checkout/sessions')!;
      assert.deepEqual([session.params.mode, session.params.success_url, session.params.cancel_url], [
        'setup',
        `${origin()}/p/invoices/${invoice.id}/pay/card/return?setup={CHECKOUT_SESSION_ID}`,
        `${origin()}/p/invoices/${invoice.id}/pay`,
      ]);
      const charged = standin.requests.filter((r) => r.path === '/v1/payment_intents' && r.params.metadata?.bursar_invoice === invoice.id);
      assert.deepEqual(charged.map((r) => [r.params.customer, r.params.off_session]), [[session.params.customer, 'false']]);
    }));

  it('from the hosted invoice page: to Stripe and back to the invoice, which offers the new card and is paid with it', () =>
    withPage({}, async (page) => {
      const { customer, invoice } = await customerOwing('Ivo Petrov');
      const refused = cspRefusals(page);
      await page.goto(invoice.hosted_invoice_url!);
      assert.match(await mainText(page), /Your card is entered on our payment processor's secure page/);
      await page.getByRole('button', { name: 'Continue to add a card' }).click();
      await saveCardAtStripe(page);

      const [card] = (await server.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data;
      assert.equal(page.url(), `${invoice.hosted_invoice_url}?card=${card!.id}`);
      await screenshot(page, 'invoice-page-stripe-new-card-back');
      await page.getByRole('button', { name: 'Pay $12.00 with Visa •••• 4242' }).click();
      assert.equal(page.url(), `${invoice.hosted_invoice_url}?done=invoice_paid`);
      assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'paid');
      assert.deepEqual(refused, []);
    }));

  for (const locale of ['en', 'ar'] as const) {
    it(`the pay pages offering Stripe's page: no violations, readable at 360 px (${locale})`, () =>
      // axe runs as a script in the page: JavaScript on for this look.
      withPage({ javaScriptEnabled: true, locale, viewport: { width: 360, height: 740 } }, async (page) => {
        const { customer, invoice } = await customerOwing(`Lina ${locale}`);
        await page.goto(invoice.hosted_invoice_url!);
        assert.deepEqual(await axeViolations(page), []);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, `invoice-page-stripe-new-card-${locale}-360`);
        await page.goto((await server.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://app.example.com/account', locale })).url);
        await page.goto(`${origin()}/p/invoices/${invoice.id}/pay`);
        assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
        assert.deepEqual(await axeViolations(page), []);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, `pay-portal-stripe-new-card-${locale}-360`);
      }));
  }
});
