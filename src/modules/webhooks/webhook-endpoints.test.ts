import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError, expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('webhook endpoints', createTestApi, (get) => {
  it('creates with a secret shown once, retrieves, updates, disables, lists and deletes', async () => {
    const api = get();
    const created = await api.call('POST', '/v1/webhook_endpoints', {
      params: { url: 'https://app.example.com/hooks', enabled_events: ['customer.created', '*'], description: 'App', metadata: { team: 'billing' }, api_version: '2026-10-28.endive' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const we = created.body;
    assert.match(we.id, /^we_[0-9A-Za-z]{24}$/);
    assert.match(we.secret, /^whsec_[0-9A-Za-z]{32}$/);
    const shown = {
      id: we.id,
      object: 'webhook_endpoint',
      api_version: '2026-10-28.endive',
      application: null,
      created: api.clock.now(),
      description: 'App',
      enabled_events: ['customer.created', '*'],
      livemode: false,
      metadata: { team: 'billing' },
      status: 'enabled',
      url: 'https://app.example.com/hooks',
    };
    assert.deepEqual(we, { ...shown, secret: we.secret });
    assert.deepEqual((await api.call('GET', `/v1/webhook_endpoints/${we.id}`)).body, shown);

    const updated = await api.call('POST', `/v1/webhook_endpoints/${we.id}`, {
      params: { url: 'http://127.0.0.1:9/hooks', enabled_events: ['invoice.paid'], description: '', metadata: { team: '' }, disabled: 'true' },
    });
    assert.deepEqual(updated.body, { ...shown, url: 'http://127.0.0.1:9/hooks', enabled_events: ['invoice.paid'], description: null, metadata: {}, status: 'disabled' });
    assert.equal((await api.call('POST', `/v1/webhook_endpoints/${we.id}`, { params: { disabled: false } })).body.status, 'enabled');

    const second = (await api.call('POST', '/v1/webhook_endpoints', { params: { url: 'https://b.example.com/', enabled_events: ['*'] } })).body;
    const list = (await api.call('GET', '/v1/webhook_endpoints', { params: { limit: 1 } })).body;
    assert.deepEqual([list.url, list.has_more, list.data.map((e: any) => e.id)], ['/v1/webhook_endpoints', true, [second.id]]);
    assert.equal(list.data[0].secret, undefined);

    assert.deepEqual((await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`)).body, { id: we.id, object: 'webhook_endpoint', deleted: true });
    assertApiError(await api.call('GET', `/v1/webhook_endpoints/${we.id}`), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such webhook endpoint: '${we.id}'`,
    });
    await api.call('DELETE', `/v1/webhook_endpoints/${second.id}`);
  });

  it('keeps endpoints to their project and mode', async () => {
    const api = get();
    const we = (await api.call('POST', '/v1/webhook_endpoints', { params: { url: 'https://a.example.com/', enabled_events: ['*'] } })).body;
    for (const key of [api.keys.live, api.keys.otherProject]) {
      assert.equal((await api.call('GET', `/v1/webhook_endpoints/${we.id}`, { key })).status, 404);
      assert.equal((await api.call('GET', `/v1/webhook_endpoints/${we.id}/attempts`, { key })).status, 404);
      assert.deepEqual((await api.call('GET', '/v1/webhook_endpoints', { key })).body.data, []);
    }
    await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`);
  });

  it('refuses bad input with Stripe-shaped errors naming the parameter, writing nothing', async () => {
    const api = get();
    const ok = { url: 'https://a.example.com/', enabled_events: ['*'] };
    const cases: [Record<string, unknown>, string, string, string | RegExp][] = [
      [{ enabled_events: ['*'] }, 'url', 'parameter_missing', 'Missing required param: url.'],
      [{ url: 'https://a.example.com/' }, 'enabled_events', 'parameter_missing', 'Missing required param: enabled_events.'],
      [{ ...ok, url: 'ftp://a.example.com/' }, 'url', 'url_invalid', /^Invalid URL: ftp:\/\/a\.example\.com\/\. It must be an absolute http/],
      [{ ...ok, url: 'not a url' }, 'url', 'url_invalid', /^Invalid URL: not a url\./],
      [{ ...ok, url: 'https://user:pw@a.example.com/' }, 'url', 'url_invalid', 'Invalid URL: it must not contain a user name or password.'],
      [{ ...ok, enabled_events: ['Customer Created'] }, 'enabled_events[0]', 'parameter_invalid', "Invalid enabled_events[0]: must be '*' or an event type such as customer.created"],
      [{ ...ok, api_version: 'latest' }, 'api_version', 'parameter_invalid', 'Invalid Stripe API version: latest'],
      [{ ...ok, secret: 'whsec_mine' }, 'secret', 'parameter_unknown', 'Received unknown parameter: secret'],
    ];
    for (const [params, param, code, message] of cases) {
      await expectRejected(api, 'POST', '/v1/webhook_endpoints', { params }, { status: 400, type: 'invalid_request_error', code, param, message });
    }
    const we = (await api.call('POST', '/v1/webhook_endpoints', { params: ok })).body;
    await expectRejected(api, 'POST', `/v1/webhook_endpoints/${we.id}`, { params: { disabled: 'maybe' } }, {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid',
      param: 'disabled',
      message: 'Invalid boolean: maybe',
    });
    await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`);
  });
});
