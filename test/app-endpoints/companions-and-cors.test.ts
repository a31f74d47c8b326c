import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints } from '../support/app-endpoints.ts';

describeEachEngine('app endpoint companions, configuration and CORS', startAppEndpoints, (server) => {
  const bearer = async (sub: string) => ({ Authorization: `Bearer ${await server().token({ sub })}`, 'Content-Type': 'application/json' });

  it('get my subscription: what the settings page reads (plan name, status, renewal date)', async () => {
    const s = server();
    await s.enable('bearer-data-subscription');
    const reply = await s.send('http://x/api/billing/subscription', { headers: await bearer('user_ada') });
    assert.equal(reply.status, 200);
    assert.match(reply.type!, JSON_TYPE);
    const { subscription } = reply.body.data;
    assert.equal(reply.body.success, true);
    assert.equal(subscription.plan.name, 'Pro');
    assert.equal(subscription.plan.amount, 2900);
    assert.equal(subscription.status, 'active');
    const sub = (await s.stripe.subscriptions.list({ customer: s.customers.ada.id })).data[0];
    assert.equal(new Date(subscription.currentPeriodEnd).getTime(), (sub as any).items.data[0].current_period_end * 1000);
    const none = await s.send('http://x/api/billing/subscription', { headers: await bearer('org_acme') });
    assert.deepEqual(none.body, { success: true, data: { subscription: null } });
  });

  it('update plan and cancel, with the same authentication', async () => {
    const s = server();
    await s.enable('bearer-data-change-plan');
    await s.enable('bearer-data-cancel');
    const headers = await bearer('user_ada');
    const changed = await s.send('http://x/api/billing/subscription/plan', { method: 'POST', headers, body: JSON.stringify({ priceId: s.prices.bigger.id }) });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.data.subscription.plan.id, s.prices.bigger.id);
    const sub = (await s.stripe.subscriptions.list({ customer: s.customers.ada.id })).data[0];
    assert.equal(sub.items.data[0].price.id, s.prices.bigger.id);
    const unknown = await s.send('http://x/api/billing/subscription/plan', { method: 'POST', headers, body: JSON.stringify({ priceId: 'price_unknown' }) });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'VALIDATION_ERROR');
    const canceled = await s.send('http://x/api/billing/subscription/cancel', { method: 'POST', headers });
    assert.equal(canceled.status, 200);
    assert.equal(canceled.body.data.subscription.cancelAtPeriodEnd, true);
    assert.equal((await s.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end, true);
    const nothing = await s.send('http://x/api/billing/subscription/cancel', { method: 'POST', headers: await bearer('org_acme') });
    assert.deepEqual([nothing.status, nothing.body.error.message], [400, 'No active subscription']);
  });

  it('CORS: preflight and answers name allowed origins only; the cookie variant allows credentials', async () => {
    const s = server();
    await s.enable('cookie-paid-plan');
    await s.enable('bearer-data-envelope');
    await s.api.call('POST', '/v1/app_endpoint_settings', { params: { allowed_origins: ['https://app.example.com'] } });
    const preflight = await s.send('http://x/api/billing/portal', {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization, content-type');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
    const stranger = await s.send('http://x/api/billing/portal', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
    const cookie = await s.send('http://x/api/subscription/create-portal-session', {
      method: 'POST',
      headers: { Origin: 'https://app.example.com', Cookie: `access_token=${await s.token({ sub: 'user_ada' })}` },
    });
    assert.equal(cookie.status, 200);
    assert.equal(cookie.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(cookie.headers.get('access-control-allow-credentials'), 'true');
  });

  it('the /v1 extension: presets with another path, own contracts validated by name, one endpoint per route, delete', async () => {
    const s = server();
    const moved = await s.enable('bearer-data-envelope', { path: '/billing/manage', metadata: { team: 'web' } });
    assert.match(moved.id, /^ape_/);
    assert.deepEqual([moved.object, moved.method, moved.path, moved.preset, moved.enabled], ['app_endpoint', 'POST', '/billing/manage', 'bearer-data-envelope', true]);
    const served = await s.send('http://x/billing/manage', { method: 'POST', headers: await bearer('user_ada'), body: '{"returnUrl":"https://app.example.com"}' });
    assert.equal(served.status, 200);
    const taken = await s.api.call('POST', '/v1/app_endpoints', { json: { preset: 'bearer-data-envelope', path: '/billing/manage' } });
    assert.deepEqual([taken.status, taken.body.error.param], [400, 'path']);
    const reserved = await s.api.call('POST', '/v1/app_endpoints', { json: { preset: 'bearer-data-envelope', path: '/v1/customers' } });
    assert.deepEqual([reserved.status, reserved.body.error.param], [400, 'path']);
    const badContract = await s.api.call('POST', '/v1/app_endpoints', { json: { preset: 'bearer-data-envelope', path: '/x', contract: { success: { status: 99 } } } });
    assert.deepEqual([badContract.status, badContract.body.error.param], [400, 'contract[success][status]']);
    const own = await s.api.call('POST', '/v1/app_endpoints', {
      json: {
        contract: {
          method: 'POST', path: '/me/portal', action: 'portal_session',
          auth: { credentials: ['bearer_jwt'] }, customer: { claim: 'sub' },
          success: { status: 201, body: { link: '{{url}}', customer: '{{customer}}' } },
          errors: { unauthorized: { status: 401, body: { e: 'auth' } }, invalid_request: { status: 400, body: { e: '{{message}}' } }, customer_not_found: { status: 404, body: { e: 'none' } }, internal: { status: 500, body: { e: 'oops' } } },
        },
      },
    });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const ownReply = await s.send('http://x/me/portal', { method: 'POST', headers: await bearer('user_ada') });
    assert.deepEqual([ownReply.status, Object.keys(ownReply.body), ownReply.body.customer], [201, ['link', 'customer'], s.customers.ada.id]);
    const disabled = await s.api.call('POST', `/v1/app_endpoints/${own.body.id}`, { params: { enabled: 'false' } });
    assert.equal(disabled.body.enabled, false);
    assert.equal((await s.send('http://x/me/portal', { method: 'POST', headers: await bearer('user_ada') })).status, 404);
    const listed = await s.api.call('GET', '/v1/app_endpoints');
    assert.deepEqual(listed.body.data.slice(0, 2).map((e: any) => e.path), ['/me/portal', '/billing/manage'], 'newest first');
    assert.equal((await s.api.call('DELETE', `/v1/app_endpoints/${moved.id}`)).body.deleted, true);
    assert.equal((await s.send('http://x/billing/manage', { method: 'POST', headers: await bearer('user_ada') })).status, 404);
    const settings = await s.api.call('GET', '/v1/app_endpoint_settings');
    assert.deepEqual(
      [settings.body.jwt_secret, settings.body.issuer, settings.body.customer_reference, settings.body.allowed_origins],
      ['…ters', 'https://auth.app.example', 'metadata.bursar_ref', ['https://app.example.com']],
    );
  });
});
