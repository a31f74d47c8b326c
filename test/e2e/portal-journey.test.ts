import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { seedPortalCustomer } from '../support/portal-tour.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

/**
 * The app a customer comes from and returns to: a page on another loopback port, with a
 * form that posts to the portal from there (which the portal must refuse).
 */
async function startApp(): Promise<{ url: string; server: Server; portalOrigin: { value: string } }> {
  const portalOrigin = { value: '' };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const form = req.url?.startsWith('/forge?')
      ? `<form method="post" action="${portalOrigin.value}${new URL(req.url, 'http://x').searchParams.get('action')}"><button>Send</button></form>`
      : '';
    res.end(`<!doctype html><html lang="en"><title>Acme app</title><h1>Welcome back to Acme</h1>${form}</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/account`, server, portalOrigin };
}

const DAY = 86_400;

const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

async function pdfBytes(page: Page, link: Locator): Promise<{ name: string; head: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), head: Buffer.concat(chunks).subarray(0, 5).toString() };
}

/** Tabs (at most `max` times) until `target` has the focus, then checks that the focus shows. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === (globalThis as any).document.activeElement)) {
      const outline = await target.evaluate((el) => (globalThis as any).getComputedStyle(el).outlineStyle as string);
      assert.notEqual(outline, 'none', 'the focused control shows a focus ring');
      return;
    }
  }
  throw new Error(`${target} was not reached with Tab`);
}

// The customer's whole visit, from the app's "Manage billing" to the way back, in a real Chromium.
describe('portal journey in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startApp>>;
  before(async () => {
    [server, browser, app] = await Promise.all([startSdkServer('sqlite'), launchBrowser(), startApp()]);
    app.portalOrigin.value = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => app?.server.close(resolve));
  });
  const portal = (path = '') => `http://127.0.0.1:${server.port}${path}`;

  async function withContext(options: BrowserContextOptions, run: (page: Page, context: BrowserContext) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
    try {
      await run(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  for (const javaScriptEnabled of [true, false]) {
    const tag = javaScriptEnabled ? 'js' : 'no-js';
    it(`manages billing from the app and back, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () =>
      withContext({ javaScriptEnabled }, async (page) => {
        const { stripe } = server;
        const seeded = await seedPortalCustomer(stripe, { name: `Journey ${tag}` });
        const sub = seeded.subscriptions[0];
        // Half-way through the month: a plan change prorates.
        server.api.clock.advance(15 * DAY);
        const session = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: app.url });
        assert.match(session.url, /^http:\/\/127\.0\.0\.1:\d+\/p\/session\//);

        // Overview.
        await page.goto(session.url);
        assert.equal(page.url(), portal('/p'), 'the link redirects to a token-free page');
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your subscriptions');
        assert.match(await mainText(page), /Pro Active Pro – \$29\.00 per month Next invoice \$29\.00 on /);
        await screenshot(page, `journey-${tag}-1-overview`);

        // Upgrade, with the preview of what is billed before confirming.
        await page.getByRole('link', { name: 'Change plan' }).click();
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Change plan');
        await screenshot(page, `journey-${tag}-2-change-plan`);
        await page.getByLabel('Pro – $49.00 per month').check();
        await page.getByRole('button', { name: 'Review change' }).click();
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Confirm your new plan');
        const preview = await mainText(page);
        assert.match(preview, /New plan: Pro – \$49\.00 per month, quantity 1\./);
        assert.match(preview, /Billed now/);
        const total = preview.match(/Total (\$\d+\.\d\d)/)?.[1];
        assert.ok(total && total !== '$0.00' && total !== '$49.00', `a prorated charge for the rest of the month, not ${total}`);
        await screenshot(page, `journey-${tag}-3-preview`);
        await page.getByRole('button', { name: 'Confirm change' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'Your plan was updated.');
        assert.match(await mainText(page), /Pro – \$49\.00 per month/);

        // The invoice of the upgrade is in the history, and its PDF downloads.
        await page.getByRole('link', { name: 'Invoices' }).click();
        const rows = page.getByRole('row');
        const newest = rows.nth(1);
        assert.equal(await newest.getByRole('cell').nth(2).innerText(), total, 'billed what the preview showed');
        assert.equal(await newest.getByRole('cell').nth(3).innerText(), 'Paid');
        const number = (await newest.getByRole('cell').nth(1).innerText()).trim();
        const [invoice] = (await stripe.invoices.list({ customer: seeded.customer.id, limit: 1 })).data;
        assert.deepEqual([invoice.number, invoice.billing_reason, `$${(invoice.total / 100).toFixed(2)}`], [number, 'subscription_update', total]);
        await screenshot(page, `journey-${tag}-4-invoices`);
        const pdf = await pdfBytes(page, newest.getByRole('link', { name: `PDF ${number}` }));
        assert.deepEqual(pdf, { name: `${number}.pdf`, head: '%PDF-' });

        // Add a card; it pays from now on. Make the old one default and back, then remove the old one.
        await page.getByRole('link', { name: 'Payment methods' }).click();
        const visa = page.locator('li.card', { hasText: 'VISA ending in 4242' });
        const mastercard = page.locator('li.card', { hasText: 'MASTERCARD ending in 4444' });
        await page.getByLabel('Card number').fill('5555 5555 5555 4444');
        await page.getByLabel('Expiry month').fill('12');
        await page.getByLabel('Expiry year').fill('2030');
        await page.getByLabel('Security code (CVC)').fill('123');
        await screenshot(page, `journey-${tag}-5-add-card`);
        await page.getByRole('button', { name: 'Save card' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'Your card was added and will be used for future payments.');
        assert.match(await mastercard.innerText(), /Default/);
        assert.doesNotMatch(await visa.innerText(), /Default/);
        await visa.getByRole('button', { name: 'Make default' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'Your default card was changed.');
        assert.match(await visa.innerText(), /Default/);
        await mastercard.getByRole('button', { name: 'Make default' }).click();
        assert.match(await mastercard.innerText(), /Default/);
        await visa.getByRole('button', { name: 'Remove' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'The card was removed.');
        assert.equal(await visa.count(), 0);
        assert.match(await mastercard.innerText(), /MASTERCARD ending in 4444\s+Default\s+Expires 12\/2030/);
        await screenshot(page, `journey-${tag}-6-payment-methods`);
        const customer = (await stripe.customers.retrieve(seeded.customer.id)) as import('stripe').Stripe.Customer;
        const methods = await stripe.customers.listPaymentMethods(seeded.customer.id);
        assert.deepEqual(methods.data.map((m) => m.card?.last4), ['4444']);
        assert.equal(customer.invoice_settings.default_payment_method, methods.data[0].id);

        // Update the billing address.
        await page.getByRole('link', { name: 'Billing details' }).click();
        const address = page.getByRole('group', { name: 'Billing address' });
        await address.getByLabel('Address line 1').fill('12 Analytical Way');
        await address.getByLabel('City').fill('London');
        await address.getByLabel('Postal code').fill('N1 9GU');
        await address.getByLabel('Country (two-letter code)').fill('GB');
        await page.getByRole('button', { name: 'Save details' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'Your billing details were saved.');
        assert.equal(await address.getByLabel('City').inputValue(), 'London');
        await screenshot(page, `journey-${tag}-7-details`);
        const updated = (await stripe.customers.retrieve(seeded.customer.id)) as import('stripe').Stripe.Customer;
        assert.deepEqual([updated.address?.line1, updated.address?.city, updated.address?.postal_code, updated.address?.country], ['12 Analytical Way', 'London', 'N1 9GU', 'GB']);

        // Cancel with a reason, then renew.
        await page.getByRole('link', { name: 'Subscriptions' }).click();
        await page.getByRole('link', { name: 'Cancel subscription' }).click();
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Cancel subscription');
        assert.match(await mainText(page), /It stays active until .+, then ends\./);
        await page.getByLabel('It is too expensive').check();
        await page.getByLabel('Anything else you want to tell us? (optional)').fill('Prices went up.');
        await screenshot(page, `journey-${tag}-8-cancel`);
        await page.getByRole('button', { name: 'Cancel subscription' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'Your subscription was canceled.');
        assert.match(await mainText(page), /Cancels on/);
        const canceled = await stripe.subscriptions.retrieve(sub.id);
        assert.deepEqual([canceled.cancel_at_period_end, canceled.cancellation_details?.feedback, canceled.cancellation_details?.comment], [true, 'too_expensive', 'Prices went up.']);
        await page.getByRole('button', { name: 'Renew subscription' }).click();
        assert.equal(await page.getByRole('status').innerText(), 'Your subscription will continue.');
        assert.doesNotMatch(await mainText(page), /Cancels on/);
        assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end, false);
        await screenshot(page, `journey-${tag}-9-renewed`);

        // Back to the app; the portal session has ended and the link stays spent.
        await page.getByRole('button', { name: 'Return to Acme' }).click();
        assert.equal(page.url(), app.url);
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Welcome back to Acme');
        await page.goto(portal('/p'));
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'This link does not work');
        await page.goto(session.url);
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'This link was already used');
      }));
  }

  it('goes through the main steps by keyboard alone', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Keyboard User' });
      const sub = seeded.subscriptions[0];
      server.api.clock.advance(15 * DAY);
      const session = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: app.url });
      await page.goto(session.url);

      // Change the quantity, review the preview, confirm.
      await tabTo(page, page.getByRole('link', { name: 'Change plan' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/update$/);
      await tabTo(page, page.getByLabel('Quantity'));
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/update\/confirm\?/);
      assert.match(await mainText(page), /New plan: Pro – \$29\.00 per month, quantity 2\. Billed now /);
      await tabTo(page, page.getByRole('button', { name: 'Confirm change' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?done=plan_updated$/);
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity, 2);

      // Add a card.
      await tabTo(page, page.getByRole('link', { name: 'Payment methods' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/p\/payment-methods$/);
      await tabTo(page, page.getByLabel('Card number'));
      await page.keyboard.type('5555555555554444');
      await page.keyboard.press('Tab');
      await page.keyboard.type('11');
      await page.keyboard.press('Tab');
      await page.keyboard.type('2031');
      await tabTo(page, page.getByRole('button', { name: 'Save card' }));
      await page.keyboard.press('Space');
      await page.waitForURL(/\?done=card_added$/);
      assert.match(await page.locator('li.card', { hasText: 'MASTERCARD ending in 4444' }).innerText(), /Default/);

      // Cancel with the first reason (Space selects it), then renew.
      await tabTo(page, page.getByRole('link', { name: 'Subscriptions' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/p$/);
      await tabTo(page, page.getByRole('link', { name: 'Cancel subscription' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cancel$/);
      await tabTo(page, page.getByLabel('It is too expensive'));
      await page.keyboard.press('Space');
      await tabTo(page, page.getByRole('button', { name: 'Cancel subscription' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?done=canceled$/);
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancellation_details?.feedback, 'too_expensive');
      await tabTo(page, page.getByRole('button', { name: 'Renew subscription' }));
      await page.keyboard.press('Space');
      await page.waitForURL(/\?done=renewed$/);
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end, false);

      // Back to the app.
      await tabTo(page, page.getByRole('button', { name: 'Return to Acme' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(app.url);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Welcome back to Acme');
    }));

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  async function addCard(page: Page) {
    await page.getByLabel('Card number').fill('4000 0566 5566 5556');
    await page.getByLabel('Expiry month').fill('6');
    await page.getByLabel('Expiry year').fill('2031');
    await page.getByRole('button', { name: 'Save card' }).click();
  }

  it('payment_method_update lands on the cards and ends on the hosted confirmation', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Flow Cards' });
      const session = await stripe.billingPortal.sessions.create({
        customer: seeded.customer.id,
        return_url: app.url,
        flow_data: { type: 'payment_method_update', after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Thanks, your card is saved.' } } },
      });
      await page.goto(session.url);
      assert.equal(page.url(), portal('/p/payment-methods'));
      await addCard(page);
      assert.equal(page.url(), portal('/p/done'));
      assert.equal(await heading(page), 'All done');
      assert.match(await mainText(page), /Thanks, your card is saved\./);
      await screenshot(page, 'flow-payment-method-update-done');
      assert.deepEqual((await stripe.customers.listPaymentMethods(seeded.customer.id)).data.map((m) => m.card?.last4).sort(), ['4242', '5556']);
      await page.getByRole('button', { name: 'Back' }).click();
      assert.equal(page.url(), app.url);
    }));

  it('subscription_cancel lands on the cancel page and redirects where the flow says', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Flow Cancel' });
      const sub = seeded.subscriptions[0];
      const goodbye = `${app.url}?canceled=1`;
      const session = await stripe.billingPortal.sessions.create({
        customer: seeded.customer.id,
        return_url: app.url,
        flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id }, after_completion: { type: 'redirect', redirect: { return_url: goodbye } } },
      });
      await page.goto(session.url);
      assert.equal(page.url(), portal(`/p/subscriptions/${sub.id}/cancel`));
      await page.getByLabel('I do not use it enough').check();
      await page.getByRole('button', { name: 'Cancel subscription' }).click();
      assert.equal(page.url(), goodbye);
      const canceled = await stripe.subscriptions.retrieve(sub.id);
      assert.deepEqual([canceled.cancel_at_period_end, canceled.cancellation_details?.feedback], [true, 'unused']);
    }));

  it('subscription_update lands on the plan choice and returns to the overview', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Flow Update' });
      const sub = seeded.subscriptions[0];
      const session = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, flow_data: { type: 'subscription_update', subscription_update: { subscription: sub.id } } });
      await page.goto(session.url);
      assert.equal(page.url(), portal(`/p/subscriptions/${sub.id}/update`));
      await page.getByLabel('Pro – $49.00 per month').check();
      await page.getByRole('button', { name: 'Review change' }).click();
      await page.getByRole('button', { name: 'Confirm change' }).click();
      assert.equal(page.url(), portal('/p?done=plan_updated'));
      assert.equal(await page.getByRole('status').innerText(), 'Your plan was updated.');
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id, seeded.prices.bigger.id);
    }));

  it('moves from monthly to yearly billing: the preview shows the year billed now less the unused days, and the cycle restarts', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Yearly Switch' });
      const sub = seeded.subscriptions[0];
      const yearly = await stripe.prices.create({ product: seeded.prices.monthly.product as string, currency: 'usd', unit_amount: 29000, recurring: { interval: 'year' } });
      const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
      await stripe.billingPortal.configurations.update(config.id, {
        features: { subscription_update: { products: [{ product: yearly.product as string, prices: [seeded.prices.monthly.id, seeded.prices.bigger.id, yearly.id] }] } },
      });
      server.api.clock.advance(10 * DAY);
      const session = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id });
      await page.goto(session.url);
      await page.getByRole('link', { name: 'Change plan' }).click();
      await page.getByLabel('Pro – $290.00 per year').check();
      await page.getByRole('button', { name: 'Review change' }).click();
      const preview = await mainText(page);
      assert.match(preview, /Your billing period restarts on .* and renews on .*\. Billed now Description Amount Unused time on 1 × Pro after .* -\$\d+\.\d\d 1 × Pro \(at \$290\.00 \/ year\) \$290\.00 Total \$\d+\.\d\d/);
      const total = preview.match(/Total (\$\d+\.\d\d)/)![1];
      await screenshot(page, 'journey-yearly-preview');
      await page.getByRole('button', { name: 'Confirm change' }).click();
      assert.equal(await page.getByRole('status').innerText(), 'Your plan was updated.');
      assert.match(await mainText(page), /Pro – \$290\.00 per year Next invoice \$290\.00 on /);
      const moved = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
      const invoice = moved.latest_invoice as Stripe.Invoice;
      assert.deepEqual([invoice.billing_reason, `$${(invoice.total / 100).toFixed(2)}`, invoice.status], ['subscription_update', total, 'paid']);
      assert.equal((moved as any).billing_cycle_anchor, (moved as any).items.data[0].current_period_start);
    }));

  it('subscription_update_confirm lands on the preview of the given change and confirms it', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Flow Confirm' });
      const sub = seeded.subscriptions[0];
      const session = await stripe.billingPortal.sessions.create({
        customer: seeded.customer.id,
        flow_data: {
          type: 'subscription_update_confirm',
          subscription_update_confirm: { subscription: sub.id, items: [{ id: sub.items.data[0].id, price: seeded.prices.bigger.id, quantity: 3 }] },
          after_completion: { type: 'portal_homepage' },
        },
      });
      await page.goto(session.url);
      assert.match(page.url(), new RegExp(`/p/subscriptions/${sub.id}/update/confirm\\?`));
      assert.equal(await heading(page), 'Confirm your new plan');
      assert.match(await mainText(page), /New plan: Pro – \$49\.00 per month, quantity 3\./);
      await page.getByRole('button', { name: 'Confirm change' }).click();
      assert.equal(page.url(), portal('/p?done=plan_updated'));
      const item = (await stripe.subscriptions.retrieve(sub.id)).items.data[0];
      assert.deepEqual([item.price.id, item.quantity], [seeded.prices.bigger.id, 3]);
    }));

  it('shows a page with a way back for a reused, an expired and an unknown link', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Link Reuser' });
      const used = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: app.url });
      await page.goto(used.url);
      assert.equal(await heading(page), 'Your subscriptions');
      assert.equal((await page.goto(used.url))?.status(), 410);
      assert.equal(await heading(page), 'This link was already used');
      await screenshot(page, 'link-reused');
      await page.getByRole('link', { name: 'Back' }).click();
      assert.equal(page.url(), app.url);

      const unopened = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: app.url });
      // Bursar's session carries expires_at (Stripe's does not, so the SDK's type lacks it).
      const { expires_at: expiresAt } = unopened as typeof unopened & { expires_at: number };
      server.api.clock.advance(expiresAt - unopened.created + 1);
      assert.equal((await page.goto(unopened.url))?.status(), 410);
      assert.equal(await heading(page), 'This link has expired');
      assert.equal(await page.getByRole('link', { name: 'Back' }).getAttribute('href'), app.url);
      await screenshot(page, 'link-expired');

      assert.equal((await page.goto(portal('/p/session/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')))?.status(), 404);
      assert.equal(await heading(page), 'This link does not work');
      assert.match(await mainText(page), /You can close this window\./);
      await screenshot(page, 'link-unknown');
    }));

  it('refuses a POST without the CSRF token of the page, from the portal or from another site', () =>
    withContext({}, async (page) => {
      const { stripe } = server;
      const seeded = await seedPortalCustomer(stripe, { name: 'Forged Post' });
      const sub = seeded.subscriptions[0];
      await page.goto((await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: app.url })).url);
      await page.getByRole('link', { name: 'Cancel subscription' }).click();
      await page.getByRole('main').locator('input[name=_csrf]').evaluate((el) => ((el as unknown as { value: string }).value = 'forged'));
      const [forged] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Cancel subscription' }).click()]);
      assert.equal(forged.status(), 403);
      assert.equal(await heading(page), 'This request was refused');
      await screenshot(page, 'csrf-refused');

      await page.goto(`${new URL(app.url).origin}/forge?action=/p/subscriptions/${sub.id}/cancel`);
      const [crossSite] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Send' }).click()]);
      assert.equal(crossSite.status(), 403);
      assert.equal(await heading(page), 'This request was refused');
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end, false, 'nothing was changed');
    }));
});
