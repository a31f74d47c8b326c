import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints, withoutSessionTable } from '../support/app-endpoints.ts';

// POST /api/subscription/create-portal-session: the JWT in the access_token cookie; paid plans only.

const DOC_URL = 'https://api.contafy.com/api/subscription/create-portal-session';

describeEachEngine('app endpoint cookie-paid-plan (POST /api/subscription/create-portal-session)', startAppEndpoints, (server) => {
  // curl -X POST "…/api/subscription/create-portal-session" -H "Cookie: access_token=your_access_token"
  const documented = (accessToken: string) => server().send(DOC_URL, { method: 'POST', headers: { Cookie: `access_token=${accessToken}` } });

  it('the example request: 200 { url, message } into the paying customer\'s portal', async () => {
    const s = server();
    await s.enable('cookie-paid-plan');
    const reply = await documented(await s.token({ sub: 'user_ada' }));
    assert.equal(reply.status, 200);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(Object.keys(reply.body), ['url', 'message']);
    assert.equal(reply.body.message, 'Portal session created successfully');
    assert.match(await s.portalText(reply.body.url), /Your subscriptions.*Pro/);
  });

  it('401 without the cookie, with a token past its expiry, or one signed with another secret', async () => {
    const s = server();
    const expected = { error: 'Unauthorized', message: 'Authentication required' };
    const none = await s.send(DOC_URL, { method: 'POST' });
    assert.equal(none.status, 401);
    assert.match(none.type!, JSON_TYPE);
    assert.deepEqual(none.body, expected);
    const expired = await s.token({ sub: 'user_ada' }, { expiresIn: 60 });
    s.api.clock.advance(61);
    const late = await documented(expired);
    assert.equal(late.status, 401);
    assert.deepEqual(late.body, expected);
    const forged = await documented(await s.token({ sub: 'user_ada' }, { secret: 'another-secret-that-is-long-enough-for-hs256' }));
    assert.equal(forged.status, 401);
    assert.deepEqual(forged.body, expected);
  });

  it('403 for the free plan and for no subscription at all', async () => {
    const s = server();
    const expected = { error: 'Forbidden', message: 'Customer portal is only available for paid subscriptions' };
    const free = await documented(await s.token({ sub: 'user_grace' }));
    assert.equal(free.status, 403);
    assert.match(free.type!, JSON_TYPE);
    assert.deepEqual(free.body, expected);
    const org = await documented(await s.token({ sub: 'org_acme' }));
    assert.equal(org.status, 403);
    assert.deepEqual(org.body, expected);
  });

  it('404 when no customer is billed for the user', async () => {
    const s = server();
    const reply = await documented(await s.token({ sub: 'user_nobody' }));
    assert.equal(reply.status, 404);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { error: 'Not Found', message: 'Stripe customer not found' });
  });

  it('500 with the documented body when the session cannot be created', async () => {
    const s = server();
    const token = await s.token({ sub: 'user_ada' });
    const reply = await withoutSessionTable(s, () => documented(token));
    assert.equal(reply.status, 500);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { error: 'Internal Server Error', message: 'Failed to create portal session' });
  });
});
