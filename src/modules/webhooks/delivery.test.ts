import { it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { createTestApi, silentLogger, type TestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { startReceiver, waitFor, type Receiver } from '../../../test/support/webhook-receiver.ts';
import { MAX_IN_FLIGHT_PER_ENDPOINT, startWebhookDispatcher, type WebhookDispatcher, type WebhookDispatchDeps } from '../../jobs/webhook-dispatch.ts';
import { VERSION } from '../../kit/version.ts';
import { DEFAULT_WEBHOOK_POLICY, type WebhookPolicy } from './retry-policy.ts';
import type { Engine } from '../../db/engine.ts';
import { purgeOldDeliveries } from './service.ts';
import { EVENT_RETENTION_SECONDS } from '../events/service.ts';

const stripe = new Stripe('sk_test_unused');
/** The real schedule's shape, in milliseconds instead of minutes and hours. */
const FAST: WebhookPolicy = { delays: [20, 40, 80, 160, 320], jitter: 0.2, timeout: 2000, disableAfter: 60_000 };

// Live-mode endpoints on the loopback receivers are saved and reached through the allowlist.
const openApi = (engine: Engine) => createTestApi(engine, undefined, { webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow: ['127.0.0.1'] } });

describeEachEngine('webhook delivery', openApi, (get) => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
    // The database lives on across tests: the next one starts without endpoints.
    const api = get();
    for (const key of [api.keys.test, api.keys.live]) {
      for (const we of (await api.call('GET', '/v1/webhook_endpoints', { key, params: { limit: 100 } })).body.data) {
        await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`, { key });
      }
    }
  });
  const receiver = async (port?: number) => {
    const r = await startReceiver(port);
    open.push(r);
    return r;
  };
  const dispatcher = (deps: Partial<WebhookDispatchDeps> = {}): WebhookDispatcher => {
    const api = get();
    const d = startWebhookDispatcher({ db: api.storage.db, clock: api.clock, logger: silentLogger, policy: FAST, ...deps });
    open.push({ close: () => d.stop() });
    return d;
  };
  const endpoint = async (api: TestApi, params: Record<string, unknown>, key?: string) => {
    const res = await api.call('POST', '/v1/webhook_endpoints', { params, key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const post = async (api: TestApi, path: string, params: Record<string, unknown>, key?: string) => {
    const res = await api.call('POST', path, { params, key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const attempts = async (api: TestApi, we: string) => (await api.call('GET', `/v1/webhook_endpoints/${we}/attempts`, { params: { limit: 100 } })).body.data;

  it('delivers each event signed for stripe.webhooks.constructEvent and standardwebhooks, once per matching endpoint', async () => {
    const api = get();
    const all = await receiver();
    const customers = await receiver();
    const weAll = await endpoint(api, { url: all.url, enabled_events: ['*'] });
    const weCustomers = await endpoint(api, { url: customers.url, enabled_events: ['customer.created'] });
    // Another mode and another project have their own endpoints: none of theirs go here.
    const liveOnly = await receiver();
    await endpoint(api, { url: liveOnly.url, enabled_events: ['*'] }, api.keys.live);
    dispatcher();

    const customer = await post(api, '/v1/customers', { email: 'hook@example.com' });
    await post(api, `/v1/customers/${customer.id}`, { name: 'Hook' });
    await post(api, '/v1/customers', { email: 'other@example.com' }, api.keys.otherProject);
    await waitFor('two deliveries to * and one to customer.created', () => all.requests.length === 2 && customers.requests.length === 1);

    // Deliveries run concurrently: the two may arrive in either order.
    const byType = (r: Receiver, type: string) => r.requests.find((q) => JSON.parse(q.body).type === type)!;
    const created = JSON.parse(byType(all, 'customer.created').body);
    assert.equal(JSON.parse(byType(all, 'customer.updated').body).data.object.name, 'Hook');
    for (const [r, secret] of [[byType(all, 'customer.created'), weAll.secret], [customers.requests[0], weCustomers.secret]] as const) {
      const event = stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, secret);
      assert.equal(event.type, 'customer.created');
      assert.equal((event.data.object as { id: string }).id, customer.id);
      const verified = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { id: string };
      assert.equal(verified.id, event.id);
      assert.equal(r.headers['webhook-id'], event.id);
      assert.equal(r.headers['user-agent'], `Bursar/${VERSION}`);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.throws(() => stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, weAll.secret === secret ? weCustomers.secret : weAll.secret));
    }
    // The event as the API shows it, delivered; once both deliveries are recorded, nothing is pending.
    await waitFor('both deliveries recorded', async () => (await api.call('GET', `/v1/events/${created.id}`)).body.pending_webhooks === 0);
    const shown = (await api.call('GET', `/v1/events/${created.id}`)).body;
    assert.deepEqual({ ...created, pending_webhooks: 0 }, shown);
    assert.equal(liveOnly.requests.length, 0);

    await waitFor('attempts recorded', async () => (await attempts(api, weCustomers.id)).length === 1);
    const [attempt] = await attempts(api, weCustomers.id);
    assert.deepEqual({ ...attempt, id: undefined, created: undefined, duration_ms: undefined }, {
      id: undefined,
      object: 'webhook_endpoint.attempt',
      attempt: 1,
      created: undefined,
      duration_ms: undefined,
      error: null,
      event: created.id,
      event_type: 'customer.created',
      livemode: false,
      response_body: 'ok',
      response_status: 200,
      status: 'succeeded',
      webhook_endpoint: weCustomers.id,
    });
    const expanded = (await api.call('GET', `/v1/webhook_endpoints/${weCustomers.id}/attempts`, { params: { expand: ['data.event'] } })).body;
    assert.equal(expanded.data[0].event.id, created.id);
    await waitFor('every event delivered', async () => (await api.call('GET', '/v1/events', { params: { delivery_success: 'false' } })).body.data.length === 0);
  });

  it('drops finished deliveries and their attempts with their events, after 30 days', async () => {
    const api = get();
    const r = await receiver();
    const we = await endpoint(api, { url: r.url, enabled_events: ['coupon.created'] });
    dispatcher();
    await post(api, '/v1/coupons', { percent_off: 10, duration: 'once' });
    await waitFor('the attempt', async () => (await attempts(api, we.id)).length === 1);
    api.clock.advance(EVENT_RETENTION_SECONDS - 10);
    assert.equal(await purgeOldDeliveries(api.ctx()), 0);
    api.clock.advance(20);
    assert.ok((await purgeOldDeliveries(api.ctx())) >= 1);
    assert.deepEqual(await attempts(api, we.id), []);
  });

  it('retries through connection refused, 500s and timeouts until the receiver answers, recording every attempt', async () => {
    const api = get();
    // Nothing listens on the port yet: the first attempts are refused.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    const we = await endpoint(api, { url: `http://127.0.0.1:${port}/webhooks`, enabled_events: ['customer.created'] });
    dispatcher({ policy: { ...FAST, timeout: 1000 } });
    const customer = await post(api, '/v1/customers', { email: 'retry@example.com' });
    const failing = await api.call('GET', '/v1/events', { params: { delivery_success: 'false' } });
    assert.deepEqual(failing.body.data.map((e: any) => e.data.object.id), [customer.id]);
    await waitFor('a refused attempt', async () => (await attempts(api, we.id)).length >= 1);

    let hits = 0;
    let r: Receiver | undefined;
    const held: (() => void)[] = [];
    r = await receiver(port);
    r.handle = (_req, res) => {
      hits++;
      if (hits <= 2) return void res.writeHead(500).end('boom');
      if (hits === 3) return void held.push(() => res.end()); // never answered in time
      res.end('thanks');
    };
    await waitFor('the delivery', async () => (await attempts(api, we.id))[0]?.status === 'succeeded');
    for (const release of held) release();
    const tried = (await attempts(api, we.id)).reverse();
    const refused = tried.filter((a: any) => /ECONNREFUSED/.test(a.error ?? ''));
    assert.ok(refused.length >= 1, JSON.stringify(tried));
    const rest = tried.slice(refused.length);
    assert.deepEqual(rest.map((a: any) => [a.response_status, a.status]), [[500, 'failed'], [500, 'failed'], [null, 'failed'], [200, 'succeeded']]);
    assert.equal(rest[0].response_body, 'boom');
    assert.match(rest[2].error, /Timed out after 1000 ms/);
    assert.deepEqual(tried.map((a: any) => a.attempt), tried.map((_: unknown, i: number) => i + 1));
    assert.equal((await api.call('GET', `/v1/events`, { params: { delivery_success: 'false' } })).body.data.length, 0);
  });

  it('gives up after the last retry; a 410 disables the endpoint at once and an event says so', async () => {
    const api = get();
    const down = await receiver();
    down.handle = (_req, res) => res.writeHead(503).end();
    const gone = await receiver();
    gone.handle = (_req, res) => res.writeHead(410).end();
    const watcher = await receiver();
    const weDown = await endpoint(api, { url: down.url, enabled_events: ['product.created'] });
    const weGone = await endpoint(api, { url: gone.url, enabled_events: ['product.created'] });
    await endpoint(api, { url: watcher.url, enabled_events: ['webhook_endpoint.disabled'] });
    dispatcher();
    await post(api, '/v1/products', { name: 'P' });
    await waitFor('the disabled notice', () => watcher.requests.length === 1);
    const notice = JSON.parse(watcher.requests[0].body);
    assert.equal(notice.type, 'webhook_endpoint.disabled');
    assert.equal(notice.data.object.id, weGone.id);
    assert.equal(notice.data.object.status, 'disabled');
    assert.equal(notice.data.object.disabled_reason, 'The endpoint answered 410 Gone.');
    assert.equal((await api.call('GET', `/v1/webhook_endpoints/${weGone.id}`)).body.status, 'disabled');
    assert.equal(gone.requests.length, 1);

    await waitFor('every attempt of the schedule', async () => (await attempts(api, weDown.id)).length === FAST.delays.length + 1);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(down.requests.length, FAST.delays.length + 1, 'no attempt after the last');
    assert.equal((await api.call('GET', `/v1/webhook_endpoints/${weDown.id}`)).body.status, 'enabled');
  });

  it('disables an endpoint that failed every attempt for the configured time', async () => {
    const api = get();
    const down = await receiver();
    down.handle = (_req, res) => res.writeHead(500).end();
    const we = await endpoint(api, { url: down.url, enabled_events: ['*'] });
    dispatcher({ policy: { ...FAST, disableAfter: 100 } });
    await post(api, '/v1/products', { name: 'P' });
    await waitFor('the endpoint disabled', async () => (await api.call('GET', `/v1/webhook_endpoints/${we.id}`)).body.status === 'disabled');
    const notices = (await api.call('GET', '/v1/events', { params: { type: 'webhook_endpoint.disabled' } })).body.data.filter((e: any) => e.data.object.id === we.id);
    assert.equal(notices.length, 1);
    assert.match(notices[0].data.object.disabled_reason, /^Every attempt failed for \d+ hours\.$/);
    const n = down.requests.length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(down.requests.length, n, 'a disabled endpoint gets nothing more');

    // Mended and enabled again, it takes the delivery that was still being retried.
    down.handle = (_req, res) => res.end('back');
    await post(api, `/v1/webhook_endpoints/${we.id}`, { disabled: 'false' });
    await waitFor('the paused delivery', async () => (await attempts(api, we.id))[0]?.status === 'succeeded');
    assert.equal(JSON.parse(down.requests.at(-1)!.body).type, 'product.created');
  });

  it('an endpoint enabled again takes what was pending when it was disabled, inside the retry window, and nothing recorded meanwhile', async () => {
    const api = get();
    const r = await receiver();
    let up = false;
    const delivered: string[] = [];
    r.handle = (req, res) => {
      if (!up) return void res.writeHead(503).end();
      delivered.push(JSON.parse(req.body).data.object.email);
      res.end();
    };
    const we = await endpoint(api, { url: r.url, enabled_events: ['customer.created'] });
    dispatcher({ policy: { ...FAST, delays: [300, 300, 300] } });

    const pending = await post(api, '/v1/customers', { email: 'pending@example.com' });
    await waitFor('a failed attempt', async () => (await attempts(api, we.id)).length === 1);
    await post(api, `/v1/webhook_endpoints/${we.id}`, { disabled: 'true' });
    await post(api, '/v1/customers', { email: 'meanwhile@example.com' });
    up = true;
    await new Promise((res) => setTimeout(res, 700));
    assert.equal((await attempts(api, we.id)).length, 1, 'no attempt while disabled');

    await post(api, `/v1/webhook_endpoints/${we.id}`, { disabled: 'false' });
    await waitFor('the paused delivery', async () => (await attempts(api, we.id))[0]?.status === 'succeeded');
    const [event] = (await api.call('GET', '/v1/events', { params: { type: 'customer.created', limit: 3 } })).body.data.filter((e: any) => e.data.object.id === pending.id);
    assert.equal((await api.call('GET', `/v1/events/${event.id}`)).body.pending_webhooks, 0);

    // Past the retry window (the schedule's waits added up: about 3 days) a paused delivery is given up.
    up = false;
    await post(api, '/v1/customers', { email: 'too-late@example.com' });
    await waitFor('its failed attempt', async () => (await attempts(api, we.id)).length === 3);
    await post(api, `/v1/webhook_endpoints/${we.id}`, { disabled: 'true' });
    up = true;
    api.clock.advance(3 * 86_400 + 600);
    await post(api, `/v1/webhook_endpoints/${we.id}`, { disabled: 'false' });
    await post(api, '/v1/customers', { email: 'after@example.com' });
    await waitFor('the next event', () => delivered.includes('after@example.com'));
    await new Promise((res) => setTimeout(res, 400));
    assert.deepEqual(delivered, ['pending@example.com', 'after@example.com']);
  });

  it('keeps delivering to other endpoints while one hangs', async () => {
    const api = get();
    const slow = await receiver();
    const held: (() => void)[] = [];
    slow.handle = (_req, res) => void held.push(() => res.end('late'));
    const fast = await receiver();
    await endpoint(api, { url: slow.url, enabled_events: ['*'] });
    await endpoint(api, { url: fast.url, enabled_events: ['*'] });
    dispatcher({ policy: { ...FAST, timeout: 30_000 } });
    for (let i = 0; i < 50; i++) await post(api, '/v1/products', { name: `P${i}` });
    await waitFor('every event at the fast endpoint', () => fast.requests.length === 50);
    assert.ok(held.length > 0 && held.length <= MAX_IN_FLIGHT_PER_ENDPOINT, `the slow endpoint holds ${held.length} requests, at most its share`);
    for (const release of held.splice(0)) release();
    await waitFor('the slow endpoint catching up', () => {
      for (const release of held.splice(0)) release();
      return slow.requests.length === 50;
    });
  });
});
