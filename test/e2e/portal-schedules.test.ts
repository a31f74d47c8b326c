import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { axeViolations, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { seedPortalCustomer, type PortalCustomer } from '../support/portal-tour.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

const DAY = 24 * 60 * 60;
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

/** Puts `sub` under a schedule: its current period, then `next` phases, ending as `end_behavior` says. */
async function schedule(stripe: Stripe, sub: Stripe.Subscription, next: Stripe.SubscriptionScheduleUpdateParams.Phase[], end_behavior: 'cancel' | 'release') {
  const created = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
  const end = created.phases[0].end_date;
  const current = { items: [{ price: sub.items.data[0].price.id }], start_date: created.phases[0].start_date, end_date: end };
  return stripe.subscriptionSchedules.update(created.id, { phases: [current, ...next.map((p, i) => ({ ...p, end_date: end + (i + 1) * 30 * DAY }))], end_behavior });
}

// Subscriptions a schedule manages, as their customer sees them: what is coming, no change or
// cancel to try, and the page a deep link to cancelling lands on; on a phone and a desktop, light
// and dark, in English and in Arabic (right to left), without JavaScript.
describe('portal on scheduled subscriptions in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let seeded: PortalCustomer;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
    const { stripe } = server;
    seeded = await seedPortalCustomer(stripe, { name: 'Phase Phoebe', subscriptions: 2 });
    const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    await stripe.billingPortal.configurations.update(config.id, { features: { subscription_cancel: { enabled: true, mode: 'at_period_end' } } });
    await schedule(stripe, seeded.subscriptions[0], [{ items: [{ price: seeded.prices.bigger.id, quantity: 2 }] }], 'release');
    await schedule(stripe, seeded.subscriptions[1], [], 'cancel');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const origin = () => `http://127.0.0.1:${server.port}`;

  const EXPECT = {
    en: { overview: [/Scheduled change Pro – \$49\.00 per month × 2 from Feb 1, 2026/, /Ends on Feb 1, 2026/, /This subscription follows a plan agreed with/], refused: /This subscription follows a set plan .*cannot be changed or canceled here/ },
    ar: { overview: [/تغيير مجدول/, /ينتهي في/, /يسير هذا الاشتراك وفق خطة متفق عليها مع/], refused: /يسير هذا الاشتراك وفق خطة محددة .*لا يمكن تغييره أو إلغاؤه هنا/ },
  };

  for (const locale of ['en', 'ar'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [360, 1280]) {
        const tag = `${locale}-${colorScheme}-${width}`;
        it(`shows what the schedules have coming and refuses cancelling one with a page saying why (${tag})`, async () => {
          const { stripe } = server;
          const [next, ending] = seeded.subscriptions;
          const found: Record<string, unknown> = {};
          for (const javaScriptEnabled of [false, true]) {
            const context = await browser.newContext({ colorScheme, locale, javaScriptEnabled, viewport: { width, height: 800 } });
            try {
              const page = await context.newPage();
              await page.goto((await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: 'https://app.example.com/account' })).url);
              assert.equal(await page.locator('html').getAttribute('dir'), locale === 'ar' ? 'rtl' : 'ltr');
              const text = await mainText(page);
              for (const expected of EXPECT[locale].overview) assert.match(text, expected);
              assert.equal(await page.locator(`a[href$="/cancel"], a[href$="/update"], form[action$="/renew"]`).count(), 0, 'no change, cancel or renew offered');
              // With JavaScript, axe checks the page; without, it must fit the screen, and is kept to look at.
              const look = async (name: string) => {
                if (javaScriptEnabled) {
                  const violations = await axeViolations(page);
                  if (violations.length > 0) found[name] = violations;
                  return;
                }
                assert.ok((await horizontalOverflow(page)) <= 0, `the ${name} page fits the screen`);
                await screenshot(page, `schedules-${name}-${tag}`);
              };
              await look('overview');

              // A cancel flow deep link for a scheduled subscription ends on the portal's page saying why.
              const flow = { type: 'subscription_cancel' as const, subscription_cancel: { subscription: ending.id } };
              const landed = await page.goto((await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: 'https://app.example.com/account', flow_data: flow })).url);
              assert.equal(landed?.status(), 409);
              assert.equal(page.url(), `${origin()}/p/subscriptions/${ending.id}/cancel`);
              assert.match(await mainText(page), EXPECT[locale].refused);
              assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), locale === 'en' ? 'This subscription follows a set plan' : 'يسير هذا الاشتراك وفق خطة محددة');
              await look('refused');
              // Back leads to the overview.
              await page.locator('main a.button').click();
              assert.equal(page.url(), `${origin()}/p`);
            } finally {
              await context.close();
            }
          }
          assert.deepEqual(found, {});
          const [a, b] = await Promise.all([stripe.subscriptions.retrieve(next.id), stripe.subscriptions.retrieve(ending.id)]);
          assert.deepEqual([a.items.data[0].price.id, a.cancel_at], [seeded.prices.monthly.id, null]);
          assert.equal(b.status, 'active');
        });
      }
    }
  }
});
