import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { startAppEndpoints } from '../support/app-endpoints.ts';

// A return URL given to an app endpoint passes the same check as the API's return_url: the
// portal later sends the customer there, in a Location header.

const REFUSED = [
  'https://app.example.com/x\u0000y',
  'https://app.example.com/x\r\nSet-Cookie: a=b',
  'https://app.example.com/\n',
  'https://user:pw@app.example.com/',
  'https://evil.example;script-src/x',
  "https://evil.example'/x",
  'javascript:alert(1)',
];

describeEachEngine('app endpoint return URLs', startAppEndpoints, (server) => {
  it('are refused in the contract\'s invalid-request envelope, naming the field, creating no session', async () => {
    const s = server();
    await s.enable('bearer-data-envelope');
    const token = await s.token({ sub: 'user_ada' });
    const sessions = async () => (await s.api.call('GET', '/v1/events', { params: { type: 'billing_portal.session.created' } })).body.data.length;
    const before = await sessions();
    for (const returnUrl of REFUSED) {
      const reply = await s.send('http://x/api/billing/portal', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ returnUrl }) });
      assert.deepEqual([reply.status, reply.body], [400, { success: false, error: { code: 'VALIDATION_ERROR', message: 'returnUrl must be an absolute http or https URL' } }], JSON.stringify(returnUrl));
    }
    await s.enable('project-scoped-return-url');
    const projectToken = await s.token({ sub: 'user_ada', project_id: s.project });
    for (const return_url of REFUSED) {
      const reply = await s.send('http://x/api/v1/payments/stripe/customer-portal?test_mode=true', {
        method: 'POST',
        headers: { Authorization: `Bearer ${projectToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ return_url }),
      });
      assert.deepEqual([reply.status, reply.body], [422, { detail: [{ type: 'url_parsing', loc: ['body', 'return_url'], msg: 'Input should be a valid URL' }] }], JSON.stringify(return_url));
    }
    assert.equal(await sessions(), before, 'no session was created');

    // One that passes is kept as given; leaving the portal goes to its serialisation.
    const reply = await s.send('http://x/api/billing/portal', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ returnUrl: 'HTTPS://App.Example.com/billing' }) });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const link = new URL(reply.body.data.url);
    const opened = await fetch(link, { redirect: 'manual' });
    const cookie = opened.headers.get('set-cookie')!.split(';')[0];
    const home = await (await fetch(new URL('/p', link), { headers: { cookie } })).text();
    const csrf = home.match(/name="_csrf" value="([^"]+)"/)![1];
    const left = await fetch(new URL('/p/return', link), { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: `_csrf=${csrf}` });
    assert.deepEqual([left.status, left.headers.get('location')], [303, 'https://app.example.com/billing']);
  });
});
