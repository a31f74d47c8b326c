import { it, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { addressPolicy, allowlist, refusal, resolveAllowed, type Resolver } from './address-guard.ts';
import { createTestApi, silentLogger } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { startReceiver, waitFor } from '../../test/support/webhook-receiver.ts';
import { startWebhookDispatcher } from '../jobs/webhook-dispatch.ts';
import { expectRejected } from '../../test/support/assertions.ts';
import { DEFAULT_WEBHOOK_POLICY } from '../modules/webhooks/retry-policy.ts';
import { createWebhookEndpoint } from '../modules/webhooks/service.ts';

const live = addressPolicy(true, allowlist([]));
const test = addressPolicy(false, allowlist([]));

/** A DNS of our own: names resolving to internal addresses without touching the network. */
const dns: Resolver = async (host) => {
  const answers: Record<string, { address: string; family: number }[]> = {
    'internal.example': [{ address: '10.1.2.3', family: 4 }],
    'metadata.example': [{ address: '169.254.169.254', family: 4 }],
    'v6-private.example': [{ address: 'fd00:ec2::254', family: 6 }],
    // One public and one private answer: any internal address refuses the host.
    'mixed.example': [{ address: '93.184.216.34', family: 4 }, { address: '192.168.1.10', family: 4 }],
    'public.example': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }],
    'loopback.example': [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }],
  };
  const answer = answers[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return answer;
};

describe('webhook address guard', () => {
  it('refuses loopback, private, link-local, metadata and other internal addresses in live mode, IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.100.100.200',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fd00:ec2::254', 'fc00::1', 'fe80::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::7f00:1', '64:ff9b::10.0.0.1',
    ]) {
      assert.match(refusal(live, address) ?? '', /internal address/, address);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:2800:220:1::1', '64:ff9b::808:808']) {
      assert.equal(refusal(live, address), null, address);
    }
  });

  it('refuses every IPv6 spelling that embeds or reaches an internal IPv4 address, and the special-purpose ranges that are not globally reachable', () => {
    for (const address of [
      '::127.0.0.1', '::a9fe:a9fe', // IPv4-compatible ::/96
      '::ffff:0:127.0.0.1', '::ffff:0:a00:1', // SIIT ::ffff:0:0:0/96
      '2002:7f00:1::', '2002:a9fe:a9fe::', '2002:a00:1::', '2002:c0a8:101::1', // 6to4 of 127/8, 169.254/16, 10/8, 192.168/16
      '64:ff9b:1::a9fe:a9fe', '64:ff9b:1:ffff::1', // local-use NAT64 64:ff9b:1::/48
      '64:ff9b:0:0:0:0:a9fe:a9fe', '64:ff9b::c000:201', // well-known NAT64 of 169.254/16 and documentation 192.0.2/24
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:2::1', // Teredo, benchmarking (IETF protocol assignments 2001::/23)
      '100::1', '2001:db8::1', '3fff::1', '5f00::1', 'fec0::1', // discard-only, documentation, SRv6, site-local
      '192.0.2.1', '198.51.100.7', '203.0.113.9', '192.88.99.1', // IPv4 documentation, 6to4 relay
    ]) {
      assert.match(refusal(live, address) ?? '', /internal address/, address);
    }
    // Public IPv4 addresses reached through 6to4 or the well-known NAT64 prefix are fine.
    for (const address of ['2002:5db8:d822::1', '64:ff9b::5db8:d822', '2a00:1450:4001:80b::200e']) {
      assert.equal(refusal(live, address), null, address);
    }
  });

  it('allows loopback in test mode only, and what the allowlist names in either', () => {
    assert.equal(refusal(test, '127.0.0.1'), null);
    assert.equal(refusal(test, '::1'), null);
    assert.match(refusal(test, '10.0.0.1') ?? '', /internal/);
    const allowed = addressPolicy(true, allowlist(['10.20.0.0/16', '::1', 'hooks.internal']));
    assert.equal(refusal(allowed, '10.20.3.4'), null);
    assert.equal(refusal(allowed, '::1'), null);
    assert.match(refusal(allowed, '10.21.0.1') ?? '', /internal/);
  });

  it('checks every address a name resolves to', async () => {
    for (const host of ['internal.example', 'metadata.example', 'v6-private.example', 'mixed.example', 'loopback.example', '[::1]', '127.0.0.1']) {
      await assert.rejects(resolveAllowed(live, host, dns), /Refused to connect to .*internal address/, host);
    }
    assert.deepEqual((await resolveAllowed(live, 'public.example', dns)).map((a) => a.address), ['93.184.216.34', '2606:2800:220:1::1']);
    assert.equal((await resolveAllowed(test, 'loopback.example', dns)).length, 2);
    const hostAllowed = addressPolicy(true, allowlist(['internal.example']));
    assert.deepEqual((await resolveAllowed(hostAllowed, 'INTERNAL.example', dns)).map((a) => a.address), ['10.1.2.3']);
  });
});

describeEachEngine('webhook SSRF defence', createTestApi, (get) => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  it('never connects a live endpoint to loopback; test mode and the allowlist do', async () => {
    const api = get();
    const receiver = await startReceiver();
    open.push(receiver);
    const create = async (key: string, url: string) => (await api.call('POST', '/v1/webhook_endpoints', { key, params: { url, enabled_events: ['*'] } })).body;
    // Saved while an allowlist took them (the API refuses them otherwise), delivered without it.
    const saveAllowed = (url: string, allow: string[]) =>
      createWebhookEndpoint({ ...api.ctx(true), webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow } }, { url, enabled_events: ['*'] });
    const liveIp = await saveAllowed(receiver.url, ['127.0.0.1']);
    const liveName = await create(api.keys.live, `http://loopback.example:${receiver.port}/hooks`);
    const liveV6 = await saveAllowed(`http://[::1]:${receiver.port}/hooks`, ['::1']);
    const testEndpoint = await create(api.keys.test, receiver.url);
    const d = startWebhookDispatcher({ db: api.storage.db, clock: api.clock, logger: silentLogger, resolve: dns, policy: { delays: [], jitter: 0, timeout: 1000, disableAfter: 60_000 } });
    open.push({ close: () => d.stop() });
    await api.call('POST', '/v1/products', { key: api.keys.live, params: { name: 'Live' } });
    await api.call('POST', '/v1/products', { key: api.keys.test, params: { name: 'Test' } });
    await waitFor('the test-mode delivery', () => receiver.requests.length === 1);
    for (const we of [liveIp, liveName, liveV6]) {
      await waitFor('the refused attempt', async () => (await api.call('GET', `/v1/webhook_endpoints/${we.id}/attempts`, { key: api.keys.live })).body.data.length === 1);
      const [attempt] = (await api.call('GET', `/v1/webhook_endpoints/${we.id}/attempts`, { key: api.keys.live })).body.data;
      assert.equal(attempt.response_status, null);
      assert.match(attempt.error, /^Refused to connect to (127\.0\.0\.1|::1|loopback\.example): /);
    }
    assert.equal(JSON.parse(receiver.requests[0].body).data.object.name, 'Test');
    assert.equal(receiver.requests.length, 1);
    await d.stop();
    for (const we of [liveIp, liveName, liveV6, testEndpoint]) await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`, { key: we.livemode ? api.keys.live : api.keys.test });

    // The operator's allowlist lets a live endpoint reach an internal host.
    const allowed = await saveAllowed(receiver.url, ['127.0.0.1']);
    const d2 = startWebhookDispatcher({ db: api.storage.db, clock: api.clock, logger: silentLogger, allow: ['127.0.0.1'] });
    open.push({ close: () => d2.stop() });
    await api.call('POST', '/v1/products', { key: api.keys.live, params: { name: 'Allowed' } });
    await waitFor('the allowed live delivery', () => receiver.requests.length === 2);
    assert.equal(JSON.parse(receiver.requests[1].body).livemode, true);
    await api.call('DELETE', `/v1/webhook_endpoints/${allowed.id}`, { key: api.keys.live });
  });

  it('refuses a live endpoint URL whose host is an internal address when it is saved, naming url; the allowlist takes it', async () => {
    const api = get();
    const refused = [
      'http://127.0.0.1:3000/hooks',
      'http://0x7f.1/hooks', // 127.0.0.1 as a URL parser reads it
      'https://10.1.2.3/hooks',
      'https://172.16.0.1/hooks',
      'https://192.168.1.10/hooks',
      'http://169.254.169.254/latest/meta-data',
      'https://100.100.100.200/hooks',
      'https://0.0.0.0/hooks',
      'http://[::1]:3000/hooks',
      'https://[fd00:ec2::254]/hooks',
      'https://[fe80::1]/hooks',
      'https://[::ffff:192.168.1.10]/hooks',
      'https://[64:ff9b::a01:203]/hooks', // NAT64 of 10.1.2.3
      'http://[::127.0.0.1]/hooks', // IPv4-compatible
      'http://[::ffff:0:127.0.0.1]/hooks', // SIIT
      'http://[2002:7f00:1::]/hooks', // 6to4 of 127.0.0.1
      'http://[2002:a9fe:a9fe::]/latest/meta-data', // 6to4 of 169.254.169.254
      'http://[64:ff9b:1::a9fe:a9fe]/latest/meta-data', // local-use NAT64
    ];
    const message = /^Invalid URL: \S+ is a loopback, private, link-local or otherwise internal address, which live-mode webhooks may not reach\.$/;
    const error = { status: 400, type: 'invalid_request_error', code: 'url_invalid', param: 'url', message };
    for (const url of refused) {
      await expectRejected(api, 'POST', '/v1/webhook_endpoints', { key: api.keys.live, params: { url, enabled_events: ['*'] } }, error);
    }
    // An update too, leaving the endpoint as it was.
    const we = (await api.call('POST', '/v1/webhook_endpoints', { key: api.keys.live, params: { url: 'https://hooks.example.com/in', enabled_events: ['*'] } })).body;
    await expectRejected(api, 'POST', `/v1/webhook_endpoints/${we.id}`, { key: api.keys.live, params: { url: 'https://10.0.0.7/in' } }, error);
    assert.equal((await api.call('GET', `/v1/webhook_endpoints/${we.id}`, { key: api.keys.live })).body.url, 'https://hooks.example.com/in');
    // A name is looked up when a delivery goes out, not now; a public address is fine.
    for (const url of ['https://internal.example/hooks', 'https://93.184.216.34/hooks', 'https://[2606:2800:220:1::1]/hooks']) {
      const res = await api.call('POST', `/v1/webhook_endpoints/${we.id}`, { key: api.keys.live, params: { url } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`, { key: api.keys.live });

    // Test mode takes loopback, for local development, but not the rest.
    const local = await api.call('POST', '/v1/webhook_endpoints', { params: { url: 'http://127.0.0.1:3000/hooks', enabled_events: ['*'] } });
    assert.equal(local.status, 200);
    await api.call('DELETE', `/v1/webhook_endpoints/${local.body.id}`);
    await expectRejected(api, 'POST', '/v1/webhook_endpoints', { params: { url: 'https://10.1.2.3/hooks', enabled_events: ['*'] } }, {
      ...error,
      message: 'Invalid URL: 10.1.2.3 is a loopback, private, link-local or otherwise internal address, which test-mode webhooks may not reach.',
    });

    // The operator's allowlist (BURSAR_WEBHOOK_ALLOW) applies when an endpoint is saved too.
    const allowed = await createWebhookEndpoint(
      { ...api.ctx(true), webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow: ['10.0.0.0/8', '::1'] } },
      { url: 'https://10.1.2.3/hooks', enabled_events: ['*'] },
    );
    assert.equal(allowed.url, 'https://10.1.2.3/hooks');
    await api.call('DELETE', `/v1/webhook_endpoints/${allowed.id}`, { key: api.keys.live });
  });
});
