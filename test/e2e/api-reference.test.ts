import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { cspRefusals, launchBrowser, screenshot } from '../support/browser.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

// The API reference a developer reads at /docs/api, in a real Chromium.
describe('API reference page in Chromium', () => {
  let server: SdkServer;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startSdkServer('sqlite'), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps its styles under its Content-Security-Policy, which allows nothing else', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const refused = cspRefusals(page);
      const res = await page.goto(`http://127.0.0.1:${server.port}/docs/api`);
      assert.match(res!.headers()['content-security-policy'], /^default-src 'none'; style-src 'sha256-[^' ]+'; /);
      // Each operation's heading sits on a grey chip only when the page's stylesheet applied.
      const chip = await page.locator('h3 code').first().evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);
      assert.equal(chip, 'rgb(242, 242, 242)');
      assert.deepEqual(refused, []);
      await screenshot(page, 'api-reference');
    } finally {
      await context.close();
    }
  });
});
