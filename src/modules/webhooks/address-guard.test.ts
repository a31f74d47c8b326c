import { it, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { addressPolicy, allowlist, refusal, resolveAllowed, type Resolver } from './address-guard.ts';
import { createTestApi, silentLogger } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { startReceiver, waitFor } from '../../../test/support/webhook-receiver.ts';
import { startWebhookDispatcher } from '../../jobs/webhook-dispatch.ts';

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
    const liveIp = await create(api.keys.live, receiver.url);
    const liveName = await create(api.keys.live, `http://loopback.example:${receiver.port}/hooks`);
    const liveV6 = await create(api.keys.live, `http://[::1]:${receiver.port}/hooks`);
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
    const allowed = await create(api.keys.live, receiver.url);
    const d2 = startWebhookDispatcher({ db: api.storage.db, clock: api.clock, logger: silentLogger, allow: ['127.0.0.1'] });
    open.push({ close: () => d2.stop() });
    await api.call('POST', '/v1/products', { key: api.keys.live, params: { name: 'Allowed' } });
    await waitFor('the allowed live delivery', () => receiver.requests.length === 2);
    assert.equal(JSON.parse(receiver.requests[1].body).livemode, true);
    await api.call('DELETE', `/v1/webhook_endpoints/${allowed.id}`, { key: api.keys.live });
  });
});
