import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints } from '../support/app-endpoints.ts';

// Two projects serve one path: each answers only the requests it authenticates.

const PORTAL = 'http://x/api/billing/portal';
const APP = 'https://app.example.com';
const THEIRS = 'https://theirs.example';
const THEIR_SECRET = 'their-own-hs256-secret-long-enough-0000';
const NEUTRAL = { error: 'unauthorized', message: 'No app endpoint at this path accepts these credentials.' };

describeEachEngine('app endpoints of two projects at one path', startAppEndpoints, (server) => {
  const post = (headers: Record<string, string>) =>
    server().send(PORTAL, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"returnUrl":"https://app.example.com/billing"}' });

  it('a request no project authenticates gets a neutral 401, never the other project\'s envelope or CORS headers', async () => {
    const s = server();
    const theirKey = s.api.keys.otherProject;
    // The other project came first, with an "unauthorized" envelope that looks like a success.
    await s.api.call('POST', '/v1/app_endpoint_settings', { key: theirKey, params: { jwt_secret: THEIR_SECRET, allowed_origins: [THEIRS, APP] } });
    await s.enable('bearer-data-envelope', { contract: { errors: { unauthorized: { status: 200, body: { success: true, data: { url: 'https://phish.example' } } } } } }, theirKey);
    await s.api.call('POST', '/v1/app_endpoint_settings', { params: { allowed_origins: [APP] } });
    await s.enable('bearer-data-envelope');

    const expired = await s.token({ sub: 'user_ada' }, { expiresIn: 10 });
    s.api.clock.advance(11);
    const refusals = [
      await post({ Origin: APP, Authorization: `Bearer ${expired}` }),
      await post({ Origin: APP }),
      await post({ Origin: THEIRS, Authorization: 'Bearer not-a-jwt' }),
    ];
    for (const reply of refusals) {
      assert.equal(reply.status, 401);
      assert.match(reply.type!, JSON_TYPE);
      assert.deepEqual(reply.body, NEUTRAL);
      assert.equal(reply.headers.get('access-control-allow-origin'), null);
    }

    // Each project's own callers get its own answer and its own CORS headers.
    const mine = await post({ Origin: APP, Authorization: `Bearer ${await s.token({ sub: 'user_ada' })}` });
    assert.equal(mine.status, 200);
    assert.match(mine.body.data.url, /\/p\/session\//);
    assert.equal(mine.headers.get('access-control-allow-origin'), APP);
    const theirs = await post({ Origin: THEIRS, Authorization: `Bearer ${await s.token({ sub: 'nobody_there' }, { secret: THEIR_SECRET })}` });
    assert.equal(theirs.status, 404);
    assert.equal(theirs.headers.get('access-control-allow-origin'), THEIRS);
  });

  it('a preflight is answered for the project that allows its origin, whichever registered first', async () => {
    // Both projects serve the path since the test above; the other one registered first.
    const s = server();
    const preflight = (origin: string) =>
      s.send(PORTAL, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' } });
    await s.api.call('POST', '/v1/app_endpoint_settings', { key: s.api.keys.otherProject, params: { allowed_origins: [THEIRS] } });
    for (const origin of [APP, THEIRS]) {
      const reply = await preflight(origin);
      assert.equal(reply.status, 204);
      assert.equal(reply.headers.get('access-control-allow-origin'), origin);
      assert.equal(reply.headers.get('access-control-allow-methods'), 'POST');
    }
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
  });

  it('one project serving a path in test and live mode answers its own refusals', async () => {
    const s = server();
    const path = '/api/billing/portal-both';
    await s.enable('bearer-data-envelope', { path });
    await s.enable('bearer-data-envelope', { path }, s.api.keys.live);
    const reply = await s.send(`http://x${path}`, { method: 'POST', headers: { Authorization: 'Bearer not-a-jwt' } });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body, { success: false, error: { code: 'UNAUTHORIZED', message: 'Authentication required' } });
  });
});
