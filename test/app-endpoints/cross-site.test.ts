import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints } from '../support/app-endpoints.ts';

// A cookie goes with every request a browser makes, whichever site made it: a state change
// authenticated by a cookie must come from the app's own origins.

const CANCEL = '/api/cookie/subscription/cancel';
const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

describeEachEngine('cookie-authenticated app endpoints and other sites', startAppEndpoints, (server) => {
  const cookie = async () => `access_token=${await server().token({ sub: 'user_ada' })}`;
  const cancel = async (headers: Record<string, string>, body?: string) => server().send(`http://x${CANCEL}`, { method: 'POST', headers: { Cookie: await cookie(), ...headers }, body });
  const canceled = async () => (await server().stripe.subscriptions.list({ customer: server().customers.ada.id })).data[0].cancel_at_period_end;

  it('another site\'s form or script cannot cancel with the victim\'s cookie: 403 in the contract\'s envelope, nothing changed', async () => {
    const s = server();
    await s.api.call('POST', '/v1/app_endpoint_settings', { params: { allowed_origins: [APP] } });
    await s.enable('bearer-data-cancel', { path: CANCEL, contract: { auth: { credentials: ['cookie_jwt'] } } });
    const attacks = [
      // <form enctype="text/plain" method="post"> on another site, in a current browser.
      await cancel({ Origin: EVIL, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'text/plain' }, '{"x":"="}'),
      // The same from a browser that does not send Sec-Fetch-Site.
      await cancel({ Origin: EVIL, 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=b'),
      // A sibling site the settings do not list, and a sandboxed frame.
      await cancel({ Origin: 'https://blog.app.example.com', 'Sec-Fetch-Site': 'same-site' }),
      await cancel({ Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }),
      // A navigation from another site (no Origin).
      await cancel({ 'Sec-Fetch-Site': 'cross-site' }),
    ];
    for (const reply of attacks) {
      assert.equal(reply.status, 403);
      assert.match(reply.type!, JSON_TYPE);
      assert.deepEqual(reply.body, { success: false, error: { code: 'UNAUTHORIZED', message: 'Authentication required' } });
      assert.equal(reply.headers.get('access-control-allow-origin'), null);
    }
    assert.equal(await canceled(), false);

    // The app's front end: an allowed origin, this origin itself, and a client that is no browser.
    const front = await cancel({ Origin: APP, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' }, '{}');
    assert.equal(front.status, 200);
    assert.equal(front.headers.get('access-control-allow-origin'), APP);
    assert.equal(await canceled(), true);
    assert.equal((await cancel({ Origin: s.base, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
    assert.equal((await cancel({ Origin: s.base })).status, 200);
    assert.equal((await cancel({})).status, 200);
  });

  it('the cookie preset answers another site in its document\'s 403 shape', async () => {
    const s = server();
    await s.enable('cookie-paid-plan');
    const reply = await s.send('http://x/api/subscription/create-portal-session', { method: 'POST', headers: { Cookie: await cookie(), Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(reply.status, 403);
    assert.deepEqual(reply.body, { error: 'Forbidden', message: 'Cross-site request refused: this origin may not call this endpoint' });
    const sessions = (await s.stripe.events.list({ type: 'billing_portal.session.created' })).data.length;
    assert.equal(sessions, 0, 'no session was made');
    const front = await s.send('http://x/api/subscription/create-portal-session', { method: 'POST', headers: { Cookie: await cookie(), Origin: APP, 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(front.status, 200);
  });
});
