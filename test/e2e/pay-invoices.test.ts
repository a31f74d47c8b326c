import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { axeViolations, cspRefusals, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { seedPastDueCustomer, seedPortalCustomer, type PortalCustomer } from '../support/portal-tour.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// Paying what is owed, as a customer does it in a real Chromium: from the portal and from the
// hosted invoice page, with JavaScript on and off, a decline, and a past-due customer's way back.
describe('paying invoices in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let seeded: PortalCustomer;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
    seeded = await seedPortalCustomer(server.stripe, { name: 'Pay Browser' });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const origin = () => `http://127.0.0.1:${server.port}`;

  async function withPage(options: BrowserContextOptions, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    try {
      await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  /** An open one-off invoice of `amount` for the customer, left unpaid. */
  async function openInvoice(customer: string, amount = 1200): Promise<Stripe.Invoice> {
    await server.stripe.invoiceItems.create({ customer, amount, currency: 'usd', description: 'Onboarding' });
    const draft = await server.stripe.invoices.create({ customer, pending_invoice_items_behavior: 'include', auto_advance: false });
    return server.stripe.invoices.finalizeInvoice(draft.id!);
  }

  const portalUrl = async (customer: string) => (await server.stripe.billingPortal.sessions.create({ customer, return_url: 'https://app.example.com/account' })).url;

  for (const javaScriptEnabled of [true, false]) {
    const tag = javaScriptEnabled ? 'js' : 'no-js';

    it(`pays an open invoice from the portal with the default card, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () =>
      withPage({ javaScriptEnabled }, async (page) => {
        const invoice = await openInvoice(seeded.customer.id);
        const refused = cspRefusals(page);
        await page.goto(await portalUrl(seeded.customer.id));
        const due = page.getByRole('region', { name: 'Invoices to pay' });
        assert.match((await due.innerText()).replace(/\s+/g, ' '), new RegExp(`Invoice ${invoice.number}: \\$12\\.00 due`));
        await due.getByRole('link', { name: `Pay ${invoice.number}` }).click();
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Pay invoice ${invoice.number}`);
        assert.equal(await page.getByLabel('Visa •••• 4242').isChecked(), true, 'the default card is chosen');
        await screenshot(page, `pay-portal-${tag}-1-choose`);
        await page.getByRole('button', { name: 'Pay $12.00' }).click();
        assert.equal(page.url(), `${origin()}/p?done=invoice_paid`);
        assert.equal(await page.getByRole('status').innerText(), 'Thank you: your payment was received and the invoice is paid.');
        assert.equal(await page.getByRole('region', { name: 'Invoices to pay' }).count(), 0);
        assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'paid');
        await screenshot(page, `pay-portal-${tag}-2-paid`);

        // Back and submitted again (the browser's history): told it is paid, charged once.
        await page.goto(`${origin()}/p/invoices/${invoice.id}/pay`);
        assert.match(await mainText(page), /This invoice is paid: \$12\.00 on /);
        assert.deepEqual(refused, []);
      }));

    it(`pays an open invoice from the hosted invoice page, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () =>
      withPage({ javaScriptEnabled }, async (page) => {
        const invoice = await openInvoice(seeded.customer.id, 4500);
        const refused = cspRefusals(page);
        await page.goto(invoice.hosted_invoice_url!);
        await screenshot(page, `pay-hosted-${tag}-1-open`);
        await page.getByRole('button', { name: 'Pay $45.00 with Visa •••• 4242' }).click();
        const section = page.getByRole('region', { name: 'Paid' });
        assert.match((await section.innerText()).replace(/\s+/g, ' '), /Thank you: your payment was received and the invoice is paid\. Paid on /);
        assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'paid');
        assert.equal(await page.getByRole('button').count(), 0, 'nothing left to pay');
        await screenshot(page, `pay-hosted-${tag}-2-paid`);
        assert.deepEqual(refused, []);
      }));
  }

  it('shows a declined card beside the form, keeping what was chosen, in the portal and on the invoice page', () =>
    withPage({}, async (page) => {
      const customer = await server.stripe.customers.create({ name: 'Declined Card' });
      const failing = await server.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
      await server.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
      const invoice = await openInvoice(customer.id);
      await page.goto(await portalUrl(customer.id));
      await page.getByRole('link', { name: `Pay ${invoice.number}` }).click();
      await page.getByRole('button', { name: 'Pay $12.00' }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'Your card was declined.');
      assert.equal(await page.getByLabel('Visa •••• 0341').isChecked(), true);
      assert.equal(await page.getByRole('group', { name: 'Pay with' }).getAttribute('aria-describedby'), 'pay-error');
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'pay-portal-declined');

      await page.goto(invoice.hosted_invoice_url!);
      await page.getByRole('button', { name: 'Pay $12.00 with Visa •••• 0341' }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'Your card was declined.');
      // Another card, on the same page: the test card form behind "Pay with another card".
      await page.getByText('Pay with another card').click();
      await page.getByLabel('Card number').fill('4000 0000 0000 0002');
      await page.getByLabel('Expiry month').fill('12');
      await page.getByLabel('Expiry year').fill('2030');
      await page.getByRole('button', { name: 'Pay $12.00', exact: true }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'Your card was declined.');
      assert.equal(await page.getByLabel('Expiry year').inputValue(), '2030', 'the expiry is kept');
      assert.equal(await page.getByLabel('Card number').inputValue(), '', 'the number is not');
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'pay-hosted-declined');
      assert.equal((await server.stripe.invoices.retrieve(invoice.id!)).status, 'open');
    }));

  it('brings a past-due customer back: the banner leads to paying with a new card, then it is gone and the subscription active', () =>
    withPage({ javaScriptEnabled: false }, async (page) => {
      const { stripe } = server;
      const { customer, subscription: sub } = await seedPastDueCustomer(stripe, server.api.clock.now(), seeded.prices.monthly.id);

      await page.goto(await portalUrl(customer.id));
      const banner = page.getByRole('alert');
      assert.equal(await banner.innerText(), 'Your payment of $29.00 for Pro failed. Pay it to keep your subscription. Pay now');
      assert.match(await mainText(page), /Pro Past due/);
      await screenshot(page, 'pay-past-due-1-banner');
      await banner.getByRole('link', { name: 'Pay now' }).click();
      await page.getByLabel('A new card').check();
      await page.getByRole('button', { name: 'Pay $29.00' }).click();
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Pay invoice ${(await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string)).number} with a new card`);
      await page.getByLabel('Card number').fill('4242 4242 4242 4242');
      await page.getByLabel('Expiry month').fill('12');
      await page.getByLabel('Expiry year').fill('2030');
      await screenshot(page, 'pay-past-due-2-new-card');
      await page.getByRole('button', { name: 'Save card and pay $29.00' }).click();

      assert.equal(page.url(), `${origin()}/p?done=invoice_paid`);
      assert.equal(await page.getByRole('alert').count(), 0, 'the banner is gone');
      assert.match(await mainText(page), /Thank you: your payment was received and the invoice is paid\. Pro Active/);
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
      await screenshot(page, 'pay-past-due-3-active');
    }));

  // The new pages as axe-core and a person see them: light and dark, English and Arabic, 360 and 1280 px.
  for (const locale of ['en', 'ar'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no accessibility violations on the pay pages (${locale}, ${colorScheme}) and holds at 360 px`, async () => {
        const customer = await server.stripe.customers.create({ name: `Axe ${locale} ${colorScheme}` });
        // A subscription waiting for its first payment: the overview's banner, never "Active".
        await server.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seeded.prices.monthly.id }], payment_behavior: 'default_incomplete' });
        const invoice = await openInvoice(customer.id);
        const paid = await openInvoice(seeded.customer.id);
        await server.stripe.invoices.pay(paid.id!);
        const found: Record<string, unknown> = {};
        for (const width of [1280, 360]) {
          await withPage({ locale, colorScheme, viewport: { width, height: 800 } }, async (page) => {
            const tag = `${locale}-${colorScheme}-${width}`;
            const visit = async (name: string, url: string) => {
              await page.goto(url);
              const overflow = await horizontalOverflow(page);
              if (overflow > 0) found[`${name} ${width}px`] = `scrolls sideways by ${overflow} px`;
              const violations = await axeViolations(page);
              if (violations.length > 0) found[`${name} ${width}px`] = violations;
              await screenshot(page, `pay-${name}-${tag}`);
            };
            await page.goto(await portalUrl(customer.id));
            assert.equal(await page.locator('html').getAttribute('dir'), locale === 'ar' ? 'rtl' : 'ltr');
            await visit('portal-overview', `${origin()}/p`);
            if (locale === 'en') assert.match(await mainText(page), /Your Pro subscription is not active yet: complete the payment of \$29\.00\. Complete payment .*Pro Incomplete/);
            await visit('portal-invoices', `${origin()}/p/invoices`);
            await visit('portal-pay', `${origin()}/p/invoices/${invoice.id}/pay`);
            await visit('portal-new-card', `${origin()}/p/invoices/${invoice.id}/pay/card`);
            await visit('hosted-open-no-card', invoice.hosted_invoice_url!);
            await page.goto(await portalUrl(seeded.customer.id));
            await visit('portal-paid', `${origin()}/p/invoices/${paid.id}/pay`);
            await visit('hosted-paid', paid.hosted_invoice_url!);
          });
        }
        assert.deepEqual(found, {});
      });
    }
  }
  // A card whose bank asks the customer to authenticate (3-D Secure): the pay page sends the
  // customer to the test gateway's challenge page, and the outcome brings them back to it.
  for (const javaScriptEnabled of [true, false]) {
    for (const outcome of ['Complete', 'Fail authentication'] as const) {
      const tag = `${javaScriptEnabled ? 'js' : 'no-js'}-${outcome === 'Complete' ? 'complete' : 'fail'}`;
      it(`pays with a card that asks for 3-D Secure from the portal and the invoice page: ${outcome}, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () =>
        withPage({ javaScriptEnabled }, async (page) => {
          const customer = await server.stripe.customers.create({ name: 'Secure Card' });
          const card = await server.stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
          await server.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
          const refused = cspRefusals(page);

          const fromPortal = await openInvoice(customer.id);
          await page.goto(await portalUrl(customer.id));
          await page.getByRole('link', { name: `Pay ${fromPortal.number}` }).click();
          await page.getByRole('button', { name: 'Pay $12.00' }).click();
          await page.waitForURL((u) => u.pathname.startsWith('/test-challenge/'));
          assert.equal(await page.getByText('$12.00').count(), 1);
          await page.getByRole('button', { name: outcome }).click();
          await page.waitForURL((u) => u.pathname === `/p/invoices/${fromPortal.id}/pay` || u.pathname === '/p');
          if (outcome === 'Complete') {
            assert.match(await mainText(page), /Thank you: your payment was received and the invoice is paid\./);
          } else {
            assert.match(await mainText(page), /Your payment was not completed/);
            assert.equal(await page.getByRole('button', { name: 'Pay $12.00' }).count(), 1, 'the customer can try again');
          }
          await screenshot(page, `pay-3ds-portal-${tag}`);
          assert.equal((await server.stripe.invoices.retrieve(fromPortal.id!)).status, outcome === 'Complete' ? 'paid' : 'open');

          const fromPage = await openInvoice(customer.id, 4500);
          await page.goto(fromPage.hosted_invoice_url!);
          await page.getByRole('button', { name: 'Pay $45.00 with Visa •••• 3184' }).click();
          await page.waitForURL((u) => u.pathname.startsWith('/test-challenge/'));
          await page.getByRole('button', { name: outcome }).click();
          await page.waitForURL((u) => u.pathname === new URL(fromPage.hosted_invoice_url!).pathname);
          if (outcome === 'Complete') {
            assert.match((await page.getByRole('region', { name: 'Paid' }).innerText()).replace(/\s+/g, ' '), /Thank you: your payment was received and the invoice is paid\./);
          } else {
            assert.match(await page.getByRole('alert').innerText(), /Your payment was not completed/);
          }
          if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), []);
          await screenshot(page, `pay-3ds-hosted-${tag}`);
          assert.equal((await server.stripe.invoices.retrieve(fromPage.id!)).status, outcome === 'Complete' ? 'paid' : 'open');
          assert.deepEqual(refused, []);
        }));
    }
  }
});
