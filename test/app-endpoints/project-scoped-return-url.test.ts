import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints, withoutSessionTable } from '../support/app-endpoints.ts';

// POST /api/v1/payments/stripe/customer-portal?test_mode=true: project-scoped end-user JWT; { portal_url }.

const DOC_URL = 'https://api.devkit4ai.com/api/v1/payments/stripe/customer-portal?test_mode=true';

describeEachEngine('app endpoint project-scoped-return-url (POST /api/v1/payments/stripe/customer-portal)', startAppEndpoints, (server) => {
  const documented = (endUserJwt: string, body: unknown = { return_url: 'https://myapp.com/account/billing' }, url = DOC_URL) =>
    server().send(url, { method: 'POST', headers: { Authorization: `Bearer ${endUserJwt}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const projectToken = (claims: Record<string, unknown> = {}) => server().token({ sub: 'user_ada', project_id: server().project, ...claims });

  it('the example request: 200 { portal_url } with the return_url honoured', async () => {
    const s = server();
    await s.enable('project-scoped-return-url');
    const reply = await documented(await projectToken());
    assert.equal(reply.status, 200);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(Object.keys(reply.body), ['portal_url']);
    assert.match(await s.portalText(reply.body.portal_url), /Pro/);
    const events = await s.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    assert.equal((events.data[0].data.object as any).return_url, 'https://myapp.com/account/billing');
  });

  it('test_mode defaults to true; test_mode=false asks for live mode, which this project has not configured: 404', async () => {
    const token = await projectToken();
    const byDefault = await documented(token, undefined, DOC_URL.replace('?test_mode=true', ''));
    assert.equal(byDefault.status, 200);
    const live = await documented(token, undefined, DOC_URL.replace('true', 'false'));
    assert.equal(live.status, 404);
    assert.deepEqual(live.body, { detail: 'Project not found or Stripe not configured' });
  });

  it('404 for a token of a project that does not exist or does not serve the endpoint', async () => {
    const reply = await documented(await projectToken({ project_id: 'proj_unknown' }));
    assert.equal(reply.status, 404);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { detail: 'Project not found or Stripe not configured' });
  });

  it('404 when no customer is billed for the user', async () => {
    const reply = await documented(await projectToken({ sub: 'user_nobody' }));
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { detail: 'No Stripe customer found for user' });
  });

  it('422 for a missing or invalid return_url, in the validation error shape', async () => {
    const token = await projectToken();
    const missing = await documented(token, {});
    assert.equal(missing.status, 422);
    assert.match(missing.type!, JSON_TYPE);
    assert.deepEqual(missing.body, { detail: [{ type: 'missing', loc: ['body', 'return_url'], msg: 'Field required' }] });
    const invalid = await documented(token, { return_url: 'not a url' });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body, { detail: [{ type: 'url_parsing', loc: ['body', 'return_url'], msg: 'Input should be a valid URL' }] });
  });

  it('401 { detail } without a token, and for a token without the project claim', async () => {
    const s = server();
    const none = await s.send(DOC_URL, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"return_url":"https://myapp.com/account/billing"}' });
    assert.equal(none.status, 401);
    assert.match(none.type!, JSON_TYPE);
    assert.deepEqual(none.body, { detail: 'Not authenticated' });
    const unscoped = await documented(await s.token({ sub: 'user_ada' }));
    assert.equal(unscoped.status, 401);
    assert.deepEqual(unscoped.body, { detail: 'Could not validate credentials' });
  });

  it('500 { detail } when the session cannot be created', async () => {
    const s = server();
    const token = await projectToken();
    const reply = await withoutSessionTable(s, () => documented(token));
    assert.equal(reply.status, 500);
    assert.deepEqual(reply.body, { detail: 'Failed to create customer portal session' });
  });
});
