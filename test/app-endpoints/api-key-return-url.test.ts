import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints, withoutSessionTable } from '../support/app-endpoints.ts';

// POST /api/subscriptions/portal: x-api-key (a customer key) or Bearer; returnUrl required; { id, url }.

const DOC_URL = 'https://api.recoupable.dev/api/subscriptions/portal';
const RETURN_URL = 'https://chat.recoupable.com/settings/billing';

describeEachEngine('app endpoint api-key-return-url (POST /api/subscriptions/portal)', startAppEndpoints, (server) => {
  let adaKey = '';
  const withKey = (key: string, body: unknown) =>
    server().send(DOC_URL, { method: 'POST', headers: { 'x-api-key': key, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('with the account\'s API key: 200 { id, url } honouring returnUrl', async () => {
    const s = server();
    await s.enable('api-key-return-url');
    const issued = await s.api.call('POST', '/v1/customer_api_keys', { params: { customer: s.customers.ada.id } });
    assert.equal(issued.status, 200);
    assert.match(issued.body.secret, /^ck_test_[0-9A-Za-z]{40}$/);
    adaKey = issued.body.secret;
    const listed = await s.api.call('GET', '/v1/customer_api_keys', { params: { customer: s.customers.ada.id } });
    assert.equal(listed.body.data[0].secret, undefined, 'the secret is shown once');
    assert.equal(listed.body.data[0].redacted, `ck_test_…${adaKey.slice(-4)}`);

    const reply = await withKey(adaKey, { returnUrl: RETURN_URL });
    assert.equal(reply.status, 200);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(Object.keys(reply.body), ['id', 'url']);
    assert.match(reply.body.id, /^bps_/);
    const events = await s.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    const session = events.data[0].data.object as any;
    assert.equal(session.id, reply.body.id);
    assert.equal(session.customer, s.customers.ada.id);
    assert.equal(session.return_url, RETURN_URL);
    assert.match(await s.portalText(reply.body.url), /Pro/);
  });

  it('with a Bearer key or an end-user Bearer token alike', async () => {
    const s = server();
    const byKey = await s.send(DOC_URL, { method: 'POST', headers: { Authorization: `Bearer ${adaKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ returnUrl: RETURN_URL }) });
    assert.equal(byKey.status, 200);
    const token = await s.token({ sub: 'user_grace' });
    const byToken = await s.send(DOC_URL, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ returnUrl: RETURN_URL }) });
    assert.equal(byToken.status, 200);
    const events = await s.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    assert.equal((events.data[0].data.object as any).customer, s.customers.grace.id);
  });

  it('400 { error } for a missing or invalid returnUrl', async () => {
    const missing = await withKey(adaKey, {});
    assert.equal(missing.status, 400);
    assert.match(missing.type!, JSON_TYPE);
    assert.deepEqual(missing.body, { error: 'returnUrl is required' });
    const noBody = await server().send(DOC_URL, { method: 'POST', headers: { 'x-api-key': adaKey } });
    assert.deepEqual([noBody.status, noBody.body], [400, { error: 'returnUrl is required' }]);
    const invalid = await withKey(adaKey, { returnUrl: 'javascript:alert(1)' });
    assert.deepEqual([invalid.status, invalid.body], [400, { error: 'returnUrl must be a valid URL' }]);
    const notJson = await server().send(DOC_URL, { method: 'POST', headers: { 'x-api-key': adaKey, 'Content-Type': 'application/json' }, body: '{"returnUrl":' });
    assert.deepEqual([notJson.status, Object.keys(notJson.body)], [400, ['error']]);
  });

  it('401 { error } without credentials, with an unknown or a revoked key', async () => {
    const s = server();
    const none = await s.send(DOC_URL, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ returnUrl: RETURN_URL }) });
    assert.equal(none.status, 401);
    assert.match(none.type!, JSON_TYPE);
    assert.deepEqual(Object.keys(none.body), ['error']);
    const unknown = await withKey(`ck_test_${'x'.repeat(40)}`, { returnUrl: RETURN_URL });
    assert.equal(unknown.status, 401);
    const issued = await s.api.call('POST', '/v1/customer_api_keys', { params: { customer: s.customers.grace.id } });
    assert.equal((await s.api.call('DELETE', `/v1/customer_api_keys/${issued.body.id}`)).status, 200);
    const revoked = await withKey(issued.body.secret, { returnUrl: RETURN_URL });
    assert.equal(revoked.status, 401);
    assert.deepEqual(Object.keys(revoked.body), ['error']);
  });

  it("lists a customer's keys newest first, page by page", async () => {
    const s = server();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.unshift((await s.api.call('POST', '/v1/customer_api_keys', { params: { customer: s.customers.grace.id } })).body.id);
    const list = (params: Record<string, unknown>) => s.api.call('GET', '/v1/customer_api_keys', { params: { customer: s.customers.grace.id, ...params } });
    const first = await list({ limit: 2 });
    assert.deepEqual(first.body.data.map((k: { id: string }) => k.id), ids.slice(0, 2));
    assert.equal(first.body.has_more, true);
    const next = await list({ limit: 2, starting_after: ids[1] });
    assert.equal(next.body.data[0].id, ids[2]);
    assert.deepEqual((await list({ limit: 2, ending_before: ids[2] })).body.data.map((k: { id: string }) => k.id), ids.slice(0, 2));
  });

  it('a secret API key is no customer key, and a customer key opens nothing of the API', async () => {
    const s = server();
    const secret = await withKey(s.api.keys.test, { returnUrl: RETURN_URL });
    assert.equal(secret.status, 401);
    const api = await s.api.call('GET', '/v1/customers', { key: adaKey });
    assert.equal(api.status, 401);
  });

  it('500 { error } when the session cannot be created', async () => {
    const s = server();
    const reply = await withoutSessionTable(s, () => withKey(adaKey, { returnUrl: RETURN_URL }));
    assert.equal(reply.status, 500);
    assert.deepEqual(reply.body, { error: 'Failed to create portal session' });
  });
});
