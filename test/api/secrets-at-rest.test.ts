import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import Stripe from 'stripe';
import { sql } from 'kysely';
import { createApp } from '../../src/app.ts';
import { openStorage } from '../../src/db/database.ts';
import { startWebhookDispatcher } from '../../src/jobs/webhook-dispatch.ts';
import { DEFAULT_WEBHOOK_POLICY } from '../../src/modules/webhooks/retry-policy.ts';
import { createTestApi, silentLogger, type TestApi } from '../support/api.ts';
import { apiPost } from '../support/portal.ts';
import { storedValues } from '../support/storage.ts';
import { describeEachEngine } from '../support/suite.ts';
import { startReceiver, waitFor } from '../support/webhook-receiver.ts';

const JWT_SECRET = 'an-hs256-secret-of-the-app-with-32+-characters';
const stripe = new Stripe('sk_test_unused');

const openApi = (engine: Parameters<typeof createTestApi>[0]) => createTestApi(engine, undefined, { webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow: ['127.0.0.1'] } });

describeEachEngine('Secrets at rest', openApi, (get) => {
  const post = (path: string, params: Record<string, unknown> = {}) => apiPost(get(), path, params);
  const finalizedInvoice = async () => {
    const cus = await post('/v1/customers', { name: 'Ada' });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 1200, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    return post(`/v1/invoices/${draft.id}/finalize`);
  };
  const linkToken = (invoice: { hosted_invoice_url: string }) => invoice.hosted_invoice_url.split('/').pop()!;
  const mintsLink = (key: string, invoiceId: string) => createHmac('sha256', key).update(`invoice-link:${invoiceId}`).digest('base64url');
  /** What the documented POST /api/billing/portal answers a token: 404 (no customer) once the token verifies, 401 when it does not. */
  const portalStatus = async (app: TestApi['app'], now: number, secret: string) => {
    const token = await new SignJWT({ sub: 'user_nobody' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now).setExpirationTime(now + 3600).sign(new TextEncoder().encode(secret));
    const res = await app.request('/api/billing/portal', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"returnUrl":"https://app.example.com/billing"}' });
    return res.status;
  };

  it('a copy of the database holds no webhook signing secret, no HS256 secret and no key that makes invoice links', async () => {
    const api = get();
    const we = await post('/v1/webhook_endpoints', { url: 'https://app.example.com/hooks', enabled_events: ['*'] });
    await post('/v1/app_endpoint_settings', { jwt_secret: JWT_SECRET });
    const invoice = await finalizedInvoice();

    const stored = await storedValues(api.storage.db);
    assert.ok(!stored.some((v) => v.includes(we.secret)), 'the webhook signing secret is stored in plain text');
    assert.ok(!stored.some((v) => v.includes(JWT_SECRET)), 'the HS256 secret is stored in plain text');
    assert.ok(!stored.some((v) => mintsLink(v, invoice.id) === linkToken(invoice)), 'a stored value makes invoice links');

    // Everything reading them still works.
    assert.equal((await api.call('GET', '/v1/app_endpoint_settings')).body.jwt_secret, `…${JWT_SECRET.slice(-4)}`);
    assert.equal((await api.call('GET', `/v1/invoices/${invoice.id}`)).body.hosted_invoice_url, invoice.hosted_invoice_url);
    assert.equal((await api.app.request(new URL(invoice.hosted_invoice_url).pathname)).status, 200);
    assert.equal((await api.call('GET', `/v1/webhook_endpoints/${we.id}`)).body.secret, undefined);
  });

  it('secrets an earlier Bursar kept in plain text are sealed when the database is opened, and keep working', async () => {
    const api = get();
    const receiver = await startReceiver();
    const we = await post('/v1/webhook_endpoints', { url: receiver.url, enabled_events: ['customer.created'] });
    await post('/v1/app_endpoint_settings', { jwt_secret: JWT_SECRET });
    assert.equal((await api.call('POST', '/v1/app_endpoints', { json: { preset: 'bearer-data-envelope' } })).status, 200);
    // The database as an earlier Bursar left it: every secret in plain text.
    const linkKey = 'k'.repeat(43);
    await sql`UPDATE webhook_endpoints SET secret = ${we.secret} WHERE id = ${we.id}`.execute(api.storage.db);
    await sql`UPDATE app_endpoint_settings SET jwt_secret = ${JWT_SECRET}`.execute(api.storage.db);
    await sql`UPDATE server_secrets SET value = ${linkKey} WHERE name = 'invoice_links'`.execute(api.storage.db);

    const upgraded = await openStorage(api.storage.options); // as the upgraded Bursar does on start
    try {
      const stored = await storedValues(upgraded.db);
      assert.ok(!stored.some((v) => v.includes(we.secret) || v.includes(JWT_SECRET) || v.includes(linkKey)), 'a secret is still in plain text');
      // Opening it again changes nothing.
      await (await openStorage(api.storage.options)).close();
      assert.deepEqual(await storedValues(upgraded.db), stored);

      // Invoice links are made with the same key; HS256 tokens still verify; deliveries are signed with the same secret.
      const app = createApp({ db: upgraded.db, clock: api.clock, logger: silentLogger });
      const send = async (path: string, params: Record<string, string> = {}): Promise<any> =>
        (await app.request(path, { method: 'POST', headers: { authorization: `Bearer ${api.keys.test}` }, body: new URLSearchParams(params) })).json();
      const customer = await send('/v1/customers', { name: 'Grace' });
      await send('/v1/invoiceitems', { customer: customer.id, amount: '1200', currency: 'usd' });
      const draft = await send('/v1/invoices', { customer: customer.id, pending_invoice_items_behavior: 'include' });
      const invoice = await send(`/v1/invoices/${draft.id}/finalize`);
      assert.equal(linkToken(invoice), mintsLink(linkKey, invoice.id));
      assert.equal((await app.request(new URL(invoice.hosted_invoice_url).pathname)).status, 200);
      assert.equal(await portalStatus(app, api.clock.now(), JWT_SECRET), 404);
      assert.equal(await portalStatus(app, api.clock.now(), 'another-hs256-secret-of-32-characters-or-more'), 401);
      const dispatcher = startWebhookDispatcher({ db: upgraded.db, clock: api.clock, logger: silentLogger, policy: DEFAULT_WEBHOOK_POLICY });
      try {
        await waitFor('the delivery', () => receiver.requests.length === 1);
        const event = stripe.webhooks.constructEvent(receiver.requests[0]!.body, receiver.requests[0]!.headers['stripe-signature'] as string, we.secret);
        assert.equal((event.data.object as { id: string }).id, customer.id);
      } finally {
        await dispatcher.stop();
      }
    } finally {
      await upgraded.close();
      await receiver.close();
    }
  });
});
