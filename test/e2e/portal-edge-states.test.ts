import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';
import { seedPastDueCustomer, seedPortalCustomer, type PortalCustomer } from '../support/portal-tour.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

// The portal's error and edge states in a real Chromium, as axe-core sees them: a past-due
// banner, a refused action, the retention offer, a refused promotion code and quantity, and the pages of
// spent and expired links; in light and dark, in English and Arabic.
describe('portal error and edge states in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let seeded: PortalCustomer;
  let late: { customer: Stripe.Customer };
  let coupon: Stripe.Coupon;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
    const { stripe } = server;
    seeded = await seedPortalCustomer(stripe, { name: 'Edge Case' });
    const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    await stripe.billingPortal.configurations.update(config.id, { features: { subscription_update: { default_allowed_updates: ['price', 'quantity', 'promotion_code'] } } });
    coupon = await stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 });
    // A customer whose card was declined when the trial ended: past due.
    late = await seedPastDueCustomer(stripe, server.api.clock.now(), seeded.prices.monthly.id);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const origin = () => `http://127.0.0.1:${server.port}`;
  const returnUrl = 'https://app.example.com/account';

  /** The state's page as the customer sees it, checked with axe; the screenshot is kept. */
  async function check(page: Page, name: string, tag: string, found: Record<string, unknown>, expect: (page: Page) => Promise<void>) {
    await expect(page);
    const violations = await axeViolations(page);
    if (violations.length > 0) found[name] = violations;
    await screenshot(page, `edge-${name}-${tag}`);
  }

  for (const locale of ['en', 'ar'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no accessibility violations in error and edge states (${locale}, ${colorScheme})`, async () => {
        const { stripe } = server;
        const tag = `${locale}-${colorScheme}`;
        const context = await browser.newContext({ colorScheme, locale, viewport: { width: 1280, height: 800 } });
        const found: Record<string, unknown> = {};
        try {
          const page = await context.newPage();
          const sub = seeded.subscriptions[0];
          const alert = page.getByRole('alert');

          await page.goto((await stripe.billingPortal.sessions.create({ customer: late.customer.id, return_url: returnUrl })).url);
          await check(page, 'past-due-banner', tag, found, async () => {
            assert.equal(await alert.count(), 1, 'the past-due banner');
            assert.match((await alert.getByRole('link').getAttribute('href'))!, /^\/p\/invoices\/in_\w+\/pay\?from=overview$/, 'it leads to paying the failed invoice');
          });

          await page.goto((await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: returnUrl })).url);
          await page.goto(`${origin()}/p/payment-methods`);
          // The only card of a subscription charged automatically: removing it is refused, saying why.
          await page.locator('form[action$="/remove"] button').click();
          await check(page, 'card-removal-refused', tag, found, async () => {
            assert.equal(await alert.count(), 1, 'the refusal');
            assert.equal((await stripe.paymentMethods.list({ customer: seeded.customer.id })).data.length, 1);
          });

          const item = sub.items.data[0].id;
          const query = new URLSearchParams({ item, price: seeded.prices.bigger.id, quantity: '1', promotion_code: 'NO-SUCH-CODE' });
          const refused = await page.goto(`${origin()}/p/subscriptions/${sub.id}/update/confirm?${query}`);
          await check(page, 'promotion-code-refused', tag, found, async () => {
            assert.equal(refused?.status(), 400);
            assert.equal(await alert.count(), 1, 'the refused code');
            // The field keeps the code, is marked invalid and described by the message; the chosen plan stays chosen.
            const field = page.locator('input[name="promotion_code"]');
            assert.deepEqual([await field.inputValue(), await field.getAttribute('aria-invalid')], ['NO-SUCH-CODE', 'true']);
            assert.equal(await page.locator(`#${await field.getAttribute('aria-describedby')}`).innerText(), await alert.innerText());
            assert.equal(await page.locator(`input[name="price"][value="${seeded.prices.bigger.id}"]`).isChecked(), true);
          });

          // Too many seats, typed and sent with the form: refused beside the field, the number kept.
          await page.goto(`${origin()}/p/subscriptions/${sub.id}/update`);
          await page.locator('input[name="quantity"]').fill('1000000');
          await page.locator('form[action$="/update/confirm"] button[type="submit"]').click();
          await check(page, 'quantity-refused', tag, found, async () => {
            const field = page.locator('input[name="quantity"]');
            assert.deepEqual([await field.inputValue(), await field.getAttribute('aria-invalid')], ['1000000', 'true']);
            const message = page.locator(`#${await field.getAttribute('aria-describedby')}`);
            assert.match(await message.innerText(), locale === 'en' ? /^Choose a quantity from 1 to 10\.$/ : /1.*10/);
            assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity, 1);
          });

          const flow = { type: 'subscription_cancel' as const, subscription_cancel: { subscription: sub.id, retention: { type: 'coupon_offer' as const, coupon_offer: { coupon: coupon.id } } } };
          await page.goto((await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: returnUrl, flow_data: flow })).url);
          await check(page, 'retention-offer', tag, found, async () => {
            assert.equal(page.url(), `${origin()}/p/subscriptions/${sub.id}/cancel`);
            assert.equal(await page.locator('section.card form[action$="/retention"]').count(), 1, 'the offer');
          });

          const spent = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: returnUrl });
          await page.goto(spent.url);
          const reused = await page.goto(spent.url);
          await check(page, 'link-reused', tag, found, async () => {
            assert.equal(reused?.status(), 410);
            assert.equal(await page.getByRole('link').getAttribute('href'), returnUrl);
          });

          const unopened = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: returnUrl });
          server.api.clock.advance((unopened as typeof unopened & { expires_at: number }).expires_at - unopened.created + 1);
          const expired = await page.goto(unopened.url);
          await check(page, 'link-expired', tag, found, async () => {
            assert.equal(expired?.status(), 410);
            assert.equal(await page.getByRole('link').getAttribute('href'), returnUrl);
          });
          assert.deepEqual(found, {});
        } finally {
          await context.close();
        }
      });
    }
  }
  // A merchant's accent colour never makes the portal unreadable: buttons keep the colour with
  // black or white text, links and secondary buttons use a shade that reads at 4.5:1.
  for (const accent of ['#ffff00', '#777777', '#000000']) {
    it(`stays accessible with the accent colour ${accent}, in light and dark`, async () => {
      const created = await server.api.call('POST', '/v1/billing_portal/configurations', {
        params: {
          branding: { accent_color: accent },
          features: {
            payment_method_update: { enabled: 'true' },
            invoice_history: { enabled: 'true' },
            customer_update: { enabled: 'true', allowed_updates: ['email', 'address'] },
            subscription_cancel: { enabled: 'true' },
            subscription_update: { enabled: 'true', default_allowed_updates: ['price'], products: [{ product: seeded.prices.monthly.product, prices: [seeded.prices.monthly.id, seeded.prices.bigger.id] }] },
          },
        },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const sub = seeded.subscriptions[0];
      const found: Record<string, unknown> = {};
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          const session = await server.stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: returnUrl, configuration: created.body.id });
          await page.goto(session.url);
          const primary = page.locator('main button[type=submit]:not(.secondary):not(.link):not(.danger)').first();
          for (const path of ['/p', '/p/payment-methods', `/p/subscriptions/${sub.id}/update`, `/p/subscriptions/${sub.id}/cancel`, '/p/details']) {
            await page.goto(origin() + path);
            const violations = await axeViolations(page);
            if (violations.length > 0) found[`${colorScheme} ${path}`] = violations;
          }
          await page.goto(`${origin()}/p/payment-methods`);
          // The button keeps the merchant's colour.
          const [r, g, b] = [1, 3, 5].map((i) => parseInt(accent.slice(i, i + 2), 16));
          assert.equal(await primary.evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor), `rgb(${r}, ${g}, ${b})`);
          await screenshot(page, `accent-${accent.slice(1)}-${colorScheme}`);
        } finally {
          await context.close();
        }
      }
      assert.deepEqual(found, {});
    });
  }
});
