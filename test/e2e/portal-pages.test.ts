import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations, horizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { PAGE_BUDGET_BYTES, openLink, pageWeight, portalTour, seedPortalCustomer, type PortalCustomer } from '../support/portal-tour.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

// Every portal page in a real Chromium: no axe violations in light and dark, in English and
// Arabic (right to left); no sideways scrolling at 360 px and 1280 px; within the weight budget.
describe('portal pages in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  let seeded: PortalCustomer;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
    seeded = await seedPortalCustomer(server.stripe, { invoices: 12 });
    await server.stripe.billingPortal.configurations.update((await server.stripe.billingPortal.configurations.list({ is_default: true })).data[0].id, {
      business_profile: { headline: 'Acme keeps your invoices', privacy_policy_url: 'https://acme.example.com/privacy', terms_of_service_url: 'https://acme.example.com/terms' },
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const origin = () => `http://127.0.0.1:${server.port}`;
  const session = () => server.stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: 'https://app.example.com/account' });

  for (const locale of ['en', 'ar'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no accessibility violations on any page (${locale}, ${colorScheme})`, async () => {
        const context = await browser.newContext({ colorScheme, locale, viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          await page.goto((await session()).url);
          // The link's page: a reused one shows why it does not open.
          const spent = await session();
          await openLink(spent.url);
          const stops = [...portalTour(seeded), { name: 'reused-link', path: new URL(spent.url).pathname }];
          const found: Record<string, unknown> = {};
          for (const stop of stops) {
            await page.goto(origin() + stop.path);
            assert.equal(await page.getAttribute('html', 'lang'), locale, stop.name);
            assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr', stop.name);
            const violations = await axeViolations(page);
            if (violations.length > 0) found[stop.name] = violations;
            await screenshot(page, `portal-${stop.name}-${locale}-${colorScheme}`);
          }
          assert.deepEqual(found, {});
        } finally {
          await context.close();
        }
      });
    }
  }

  it('follows the system colour scheme', async () => {
    const colours: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      try {
        const page = await context.newPage();
        await page.goto((await session()).url);
        colours.push(await page.evaluate(() => { const g = globalThis as any; return g.getComputedStyle(g.document.body).backgroundColor as string; }));
      } finally {
        await context.close();
      }
    }
    assert.deepEqual(colours, ['rgb(255, 255, 255)', 'rgb(21, 21, 26)']);
  });

  for (const width of [360, 1280]) {
    it(`holds its layout at ${width} px on every page, in English and Arabic`, async () => {
      for (const locale of ['en', 'ar']) {
        const context = await browser.newContext({ locale, viewport: { width, height: 800 } });
        try {
          const page = await context.newPage();
          await page.goto((await session()).url);
          const overflows: Record<string, number> = {};
          for (const stop of portalTour(seeded)) {
            await page.goto(origin() + stop.path);
            const overflow = await horizontalOverflow(page);
            if (overflow > 0) overflows[stop.name] = overflow;
            if (width === 360) await screenshot(page, `portal-${stop.name}-${locale}-360px`);
          }
          assert.deepEqual(overflows, {}, `${locale}: pages that scroll sideways (px)`);
        } finally {
          await context.close();
        }
      }
    });
  }

  it(`transfers at most ${PAGE_BUDGET_BYTES / 1024} KB per page (HTML, CSS and any script)`, async () => {
    const cookie = await openLink((await session()).url);
    const over: Record<string, number> = {};
    for (const stop of portalTour(seeded)) {
      const weight = await pageWeight(origin(), stop.path, cookie);
      assert.ok(weight.html > 500 && weight.assets > 1000, `${stop.name}: a page and its stylesheet were measured`);
      if (weight.total > PAGE_BUDGET_BYTES) over[stop.name] = weight.total;
    }
    assert.deepEqual(over, {});
  });
});
