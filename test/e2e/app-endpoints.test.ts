import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { startSettingsApp, type SettingsApp } from '../../examples/settings-app/server.ts';
import { startAppEndpoints, type AppEndpointsServer } from '../support/app-endpoints.ts';
import { apiPost } from '../support/portal.ts';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';

// The example settings app (examples/settings-app) on one loopback port, Bursar on another:
// the page reads the plan and opens the portal over real CORS, in a real Chromium.
describe('example settings app against Bursar, in Chromium', () => {
  let bursar: AppEndpointsServer;
  let app: SettingsApp;
  let stranger: SettingsApp;
  let browser: Browser;
  let context: BrowserContext;
  before(async () => {
    [bursar, browser] = await Promise.all([startAppEndpoints('sqlite'), launchBrowser()]);
    await bursar.enable('bearer-data-envelope');
    await bursar.enable('bearer-data-subscription');
    const token = await bursar.token({ sub: 'user_ada' });
    app = await startSettingsApp({ apiBase: bursar.base, token });
    // The same page from an origin the project does not allow.
    stranger = await startSettingsApp({ apiBase: bursar.base, token });
    await apiPost(bursar.api, '/v1/app_endpoint_settings', { allowed_origins: [app.origin] });
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await Promise.all([app?.close(), stranger?.close()]);
    await bursar?.close();
  });

  it('shows the plan, opens the portal with Manage Billing, and the portal leads back', async () => {
    const page = await context.newPage();
    await page.goto(app.url);
    const settings = page.locator('.billing-settings');
    await settings.getByRole('heading', { level: 2, name: 'Billing' }).waitFor();
    assert.equal(await settings.locator('.current-plan p').first().textContent(), 'Pro');
    const end = (await bursar.stripe.subscriptions.list({ customer: bursar.customers.ada.id })).data[0].items.data[0].current_period_end;
    const renews = await page.evaluate((seconds) => new Date(seconds * 1000).toLocaleDateString(), end);
    assert.equal(await settings.locator('.current-plan p').nth(1).textContent(), `Renews on ${renews}`);
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'settings-app-billing');

    await Promise.all([page.waitForURL(`${bursar.base}/p**`), page.getByRole('button', { name: 'Manage Billing' }).click()]);
    await page.getByRole('heading', { name: 'Your subscriptions' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /Pro/);
    await screenshot(page, 'settings-app-portal');

    await Promise.all([page.waitForURL(app.url), page.getByRole('button', { name: /^Return to / }).click()]);
    await page.getByRole('button', { name: 'Manage Billing' }).waitFor();
    await screenshot(page, 'settings-app-returned');
    const portals = await bursar.stripe.events.list({ type: 'billing_portal.session.created' });
    assert.equal(portals.data.length, 1);
    assert.equal((portals.data[0].data.object as any).return_url, app.url, 'the portal returns to the page it was opened from');
    await page.close();
  });

  it('an origin the project does not allow gets no answer the browser will read', async () => {
    const page = await context.newPage();
    await page.goto(stranger.url);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByRole('alert').textContent(), 'Could not load your subscription. Please try again later.');
    assert.equal(await page.getByRole('button', { name: 'Manage Billing' }).count(), 0);
    await page.close();
  });
});
