import { afterEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createApp } from '../../src/app.ts';
import type { Resolver } from '../../src/net/address-guard.ts';
import { updateSettings } from '../../src/modules/app-endpoints/service.ts';
import { DEFAULT_WEBHOOK_POLICY } from '../../src/modules/webhooks/retry-policy.ts';
import { createTestApi, silentLogger, type TestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';

// A project's jwks_url is fetched by Bursar when a token arrives: in live mode it must never
// reach this machine, its private networks or a cloud metadata service (SSRF).

/** A DNS of our own: a name that resolves to loopback, without touching the network. */
const dns: Resolver = async (host) => {
  if (host === 'idp.example') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

describeEachEngine('app endpoint JWKS address guard', (engine) => createTestApi(engine, undefined, { resolve: dns }), (get) => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  const settings = (api: TestApi, key: string, params: Record<string, unknown>) => api.call('POST', '/v1/app_endpoint_settings', { key, params });

  it('refuses a live jwks_url whose host is an internal address when it is saved, naming jwks_url; test mode takes loopback; the allowlist takes it', async () => {
    const api = get();
    const message = /^Invalid URL: \S+ is a loopback, private, link-local or otherwise internal address, which live-mode key set fetches may not reach\.$/;
    const error = { status: 400, type: 'invalid_request_error', code: 'url_invalid', param: 'jwks_url', message };
    for (const jwks_url of [
      'http://169.254.169.254/latest/meta-data/iam/security-credentials',
      'http://127.0.0.1:8080/.well-known/jwks.json',
      'http://[::1]/jwks',
      'https://10.0.0.7/jwks',
      'https://192.168.1.10/jwks',
      'http://[fd00:ec2::254]/jwks',
      'http://[::ffff:a9fe:a9fe]/jwks',
    ]) {
      await expectRejected(api, 'POST', '/v1/app_endpoint_settings', { key: api.keys.live, params: { jwks_url } }, error);
    }
    assert.equal((await api.call('GET', '/v1/app_endpoint_settings', { key: api.keys.live })).body.jwks_url, null, 'nothing saved');
    // A name is looked up when a token arrives; a public address is fine.
    for (const jwks_url of ['https://idp.example/jwks', 'https://93.184.216.34/jwks']) {
      const saved = await settings(api, api.keys.live, { jwks_url });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
    }
    // Test mode takes loopback, for local development, but not the rest.
    assert.equal((await settings(api, api.keys.test, { jwks_url: 'http://127.0.0.1:8080/jwks' })).status, 200);
    await expectRejected(api, 'POST', '/v1/app_endpoint_settings', { key: api.keys.test, params: { jwks_url: 'http://169.254.169.254/jwks' } }, {
      ...error,
      message: 'Invalid URL: 169.254.169.254 is a loopback, private, link-local or otherwise internal address, which test-mode key set fetches may not reach.',
    });
    // The operator's allowlist (BURSAR_WEBHOOK_ALLOW) takes an internal identity provider.
    const allowed = await updateSettings({ ...api.ctx(true), webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow: ['10.0.0.0/8'] } }, { jwks_url: 'https://10.0.0.7/jwks' });
    assert.equal(allowed.jwks_url, 'https://10.0.0.7/jwks');
  });

  it('never fetches a live key set from an internal address, nor from a name resolving to one; the allowlist lets it', async () => {
    const api = get();
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    let fetches = 0;
    const idp = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => idp.close(() => resolve())) });
    const port = (idp.address() as AddressInfo).port;

    const live = api.keys.live;
    // Saved while the allowlist took it, fetched after the operator removed it.
    await updateSettings({ ...api.ctx(true), webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow: ['127.0.0.1'] } }, { jwks_url: `http://127.0.0.1:${port}/jwks` });
    assert.equal((await api.call('POST', '/v1/app_endpoints', { key: live, json: { preset: 'bearer-data-envelope' } })).status, 200);
    await api.call('POST', '/v1/customers', { key: live, params: { name: 'Ada', metadata: { bursar_ref: 'user_ada' } } });
    const now = api.clock.now();
    const token = await new SignJWT({ sub: 'user_ada' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey);
    const portal = (app: { request: typeof api.app.request }) =>
      app.request('/api/billing/portal', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ returnUrl: 'https://app.example.com/billing' }),
      });

    const byAddress = await portal(api.app);
    assert.equal(byAddress.status, 401, await byAddress.clone().text());
    assert.equal(fetches, 0, 'the key set was not fetched');

    assert.equal((await settings(api, live, { jwks_url: `http://idp.example:${port}/jwks` })).status, 200);
    const byName = await portal(api.app);
    assert.equal(byName.status, 401, await byName.clone().text());
    assert.equal(fetches, 0, 'the key set was not fetched');

    const allowing = createApp({ db: api.storage.db, clock: api.clock, logger: silentLogger, resolve: dns, webhooks: { policy: DEFAULT_WEBHOOK_POLICY, allow: ['idp.example'] } });
    const served = await portal(allowing);
    assert.equal(served.status, 200, await served.clone().text());
    assert.equal(fetches, 1);
  });
});
