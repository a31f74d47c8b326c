import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints, withoutSessionTable } from '../support/app-endpoints.ts';

// POST /api/billing/portal: Bearer session token; returnUrl (required) and configuration; { success, data: { url } }.

const DOC_URL = 'https://api.example.com/api/billing/portal';

describeEachEngine('app endpoint bearer-data-envelope (POST /api/billing/portal)', startAppEndpoints, (server) => {
  const documented = (sessionToken: string, body: unknown = { returnUrl: 'https://app.example.com/dashboard/settings/billing' }) =>
    server().send(DOC_URL, { method: 'POST', headers: { Authorization: `Bearer ${sessionToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('the example request: 200 { success, data: { url } }; the TypeScript example redirects to data.url', async () => {
    const s = server();
    await s.enable('bearer-data-envelope');
    const reply = await documented(await s.token({ sub: 'user_ada' }));
    assert.equal(reply.status, 200);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(Object.keys(reply.body), ['success', 'data']);
    assert.equal(reply.body.success, true);
    assert.deepEqual(Object.keys(reply.body.data), ['url']);
    const { data } = reply.body;
    assert.match(await s.portalText(data.url), /Pro/);
    const events = await s.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    assert.equal((events.data[0].data.object as any).return_url, 'https://app.example.com/dashboard/settings/billing');
  });

  it('configuration picks a portal configuration; an unknown one is a 400 in the envelope', async () => {
    const s = server();
    const config = await s.stripe.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } }, default_return_url: 'https://app.example.com/x' } as any);
    const token = await s.token({ sub: 'user_ada' });
    const reply = await documented(token, { returnUrl: 'https://app.example.com/billing', configuration: config.id });
    assert.equal(reply.status, 200);
    const events = await s.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    assert.equal((events.data[0].data.object as any).configuration, config.id);
    const unknown = await documented(token, { returnUrl: 'https://app.example.com/billing', configuration: 'bpc_unknown' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { success: false, error: { code: 'VALIDATION_ERROR', message: "No such billing_portal.configuration: 'bpc_unknown'" } });
  });

  it('404 No Customer Record', async () => {
    const reply = await documented(await server().token({ sub: 'user_nobody' }));
    assert.equal(reply.status, 404);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { success: false, error: { code: 'NOT_FOUND', message: 'No billing customer record found' } });
  });

  it('401 Unauthorized without a token', async () => {
    const reply = await server().send(DOC_URL, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"returnUrl":"https://app.example.com/x"}' });
    assert.equal(reply.status, 401);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { success: false, error: { code: 'UNAUTHORIZED', message: 'Authentication required' } });
  });

  it('400 for a missing returnUrl, 500 when the session cannot be created', async () => {
    const s = server();
    const token = await s.token({ sub: 'user_ada' });
    const missing = await documented(token, {});
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { success: false, error: { code: 'VALIDATION_ERROR', message: 'returnUrl is required' } });
    const failed = await withoutSessionTable(s, () => documented(token));
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.body, { success: false, error: { code: 'INTERNAL_ERROR', message: 'Failed to create billing portal session' } });
  });
});
