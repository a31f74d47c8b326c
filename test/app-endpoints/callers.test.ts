import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints } from '../support/app-endpoints.ts';

// Who may call: tokens are verified, and a caller reaches only its own customer's portal.

const PORTAL = '/api/billing/portal';
const UNAUTHORIZED = { success: false, error: { code: 'UNAUTHORIZED', message: 'Authentication required' } };

describeEachEngine('app endpoint callers', startAppEndpoints, (server) => {
  const call = (token: string, path = PORTAL) =>
    server().send(`http://x${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"returnUrl":"https://app.example.com/billing","return_url":"https://app.example.com/billing"}' });
  const lastSession = async () => (await server().stripe.events.list({ type: 'billing_portal.session.created', limit: 1 })).data[0].data.object as any;

  it('forged, expired, wrong-audience, wrong-issuer, unsigned and malformed tokens get 401', async () => {
    const s = server();
    await s.enable('bearer-data-envelope');
    await s.enable('project-scoped-return-url');
    const forged = await s.token({ sub: 'user_ada' }, { secret: 'not-the-project-secret-but-long-enough!!' });
    const expiring = await s.token({ sub: 'user_ada' }, { expiresIn: 30 });
    const audience = await s.token({ sub: 'user_ada' }, { audience: 'another-app' });
    const issuer = await s.token({ sub: 'user_ada' }, { issuer: 'https://evil.example' });
    const [header, payload] = (await s.token({ sub: 'user_ada' })).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: 'user_grace', iss: 'https://auth.app.example', aud: 'billing', exp: s.api.clock.now() + 60 })).toString('base64url')}.${(await s.token({ sub: 'user_ada' })).split('.')[2]}`;
    assert.equal((await call(expiring)).status, 200, 'valid until it expires');
    s.api.clock.advance(31);
    for (const token of [forged, expiring, audience, issuer, unsigned, tampered, 'not-a-jwt']) {
      const reply = await call(token);
      assert.equal(reply.status, 401, token);
      assert.match(reply.type!, JSON_TYPE);
      assert.deepEqual(reply.body, UNAUTHORIZED);
    }
  });

  it('a token without an expiry is refused', async () => {
    const s = server();
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ sub: 'user_ada' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://auth.app.example').setAudience('billing').sign(new TextEncoder().encode('an-hs256-secret-of-the-app-with-32+-characters'));
    assert.equal((await call(forever)).status, 401);
  });

  it('a token signed by one project opens nothing in another, whichever project it names', async () => {
    const s = server();
    // The other project serves the same path, with its own secret and its own "user_ada".
    const otherKey = s.api.keys.otherProject;
    const otherSecret = 'the-other-project-secret-long-enough-000';
    await s.api.call('POST', '/v1/app_endpoint_settings', { key: otherKey, params: { jwt_secret: otherSecret, issuer: 'https://auth.app.example', audience: 'billing' } });
    await s.enable('project-scoped-return-url', {}, otherKey);
    const otherAda = (await s.api.call('POST', '/v1/customers', { key: otherKey, params: { name: 'Other Ada', metadata: { bursar_ref: 'user_ada' } } })).body;
    const other = await otherProject(s);
    const scoped = '/api/v1/payments/stripe/customer-portal';
    const sessions = async (key?: string) => (await s.api.call('GET', '/v1/events', { key, params: { type: 'billing_portal.session.created' } })).body.data.length;
    const before = { mine: await sessions(), theirs: await sessions(otherKey) };

    // Signed with this project's secret but naming the other project: the other project's secret refuses it.
    const forOther = await call(await s.token({ sub: 'user_ada', project_id: other }), scoped);
    assert.equal(forOther.status, 401);
    assert.deepEqual(forOther.body, { detail: 'Could not validate credentials' });
    // Signed by the other project but naming this one: this project's secret refuses it.
    const intoMine = await call(await s.token({ sub: 'user_ada', project_id: s.project }, { secret: otherSecret }), scoped);
    assert.equal(intoMine.status, 401);
    // A project no endpoint belongs to: neither project at the path may answer for it.
    const nowhere = await call(await s.token({ sub: 'user_ada', project_id: 'proj_nowhere' }), scoped);
    assert.equal(nowhere.status, 401);
    assert.equal(nowhere.body.error, 'unauthorized');
    assert.deepEqual({ mine: await sessions(), theirs: await sessions(otherKey) }, before, 'no session was made');

    // Each project's own token reaches its own customer.
    assert.equal((await call(await s.token({ sub: 'user_ada', project_id: other }, { secret: otherSecret }), scoped)).status, 200);
    const [theirs] = (await s.api.call('GET', '/v1/events', { key: otherKey, params: { type: 'billing_portal.session.created', limit: 1 } })).body.data;
    assert.equal(theirs.data.object.customer, otherAda.id);
    assert.equal((await call(await s.token({ sub: 'user_ada', project_id: s.project }), scoped)).status, 200);
    assert.equal((await lastSession()).customer, s.customers.ada.id);
  });

  it('each caller reaches its own customer only, whatever the request body says', async () => {
    const s = server();
    await s.enable('api-key-return-url');
    const ada = await call(await s.token({ sub: 'user_ada', customer: s.customers.grace.id }));
    assert.equal(ada.status, 200);
    assert.equal((await lastSession()).customer, s.customers.ada.id);
    const grace = await s.send('http://x/api/billing/portal', {
      method: 'POST',
      headers: { Authorization: `Bearer ${await s.token({ sub: 'user_grace' })}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ returnUrl: 'https://app.example.com/billing', customer: s.customers.ada.id }),
    });
    assert.equal(grace.status, 200);
    assert.equal((await lastSession()).customer, s.customers.grace.id);
    const key = (await s.api.call('POST', '/v1/customer_api_keys', { params: { customer: s.customers.grace.id } })).body.secret;
    const byKey = await s.send('http://x/api/subscriptions/portal', { method: 'POST', headers: { 'x-api-key': key, 'Content-Type': 'application/json' }, body: JSON.stringify({ returnUrl: 'https://app.example.com/billing' }) });
    assert.equal(byKey.status, 200);
    assert.equal((await lastSession()).customer, s.customers.grace.id);
  });

  it('two customers claiming one reference resolve to neither', async () => {
    const s = server();
    await s.api.call('POST', '/v1/customers', { params: { name: 'Twin', metadata: { bursar_ref: 'user_twin' } } });
    await s.api.call('POST', '/v1/customers', { params: { name: 'Twin', metadata: { bursar_ref: 'user_twin' } } });
    const reply = await call(await s.token({ sub: 'user_twin' }));
    assert.equal(reply.status, 404);
  });
});

async function otherProject(s: { api: { storage: { db: any } }; project: string }): Promise<string> {
  const rows = await s.api.storage.db.selectFrom('projects').select('id').where('id', '!=', s.project).execute();
  return rows[0].id;
}
