import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkUrl } from './url.ts';
import { createTestApi } from '../../test/support/api.ts';
import { expectRejected } from '../../test/support/assertions.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, textOf } from '../../test/support/portal.ts';

/** URLs no customer or request may be sent to, each with why. */
const REFUSED: [string, RegExp][] = [
  ['https://app.example.com/x\u0000y', /spaces or control characters/],
  ['https://app.example.com/x\r\nSet-Cookie: a=b', /spaces or control characters/],
  ['https://app.example.com/\nx', /spaces or control characters/],
  ['https://app.example.com\t/x', /spaces or control characters/],
  ['https://app.example.com/x y', /spaces or control characters/],
  ['https://app.example.com/\u0085', /spaces or control characters/],
  [' https://app.example.com/', /spaces or control characters/],
  ['not a url', /^Invalid URL: not a url\. It must be an absolute http:\/\/ or https:\/\/ URL\.$/],
  ['https://user:pw@app.example.com/', /user name or password/],
  ['https://evil.example;script-src/x', /is not a host name/],
  ["https://evil.example'/x", /is not a host name/],
  ['https://a.example,b.example/x', /is not a host name/],
  ['javascript:alert(1)', /absolute http:\/\/ or https:\/\/ URL/],
  ['data:text/html,x', /absolute http:\/\/ or https:\/\/ URL/],
  ['//app.example.com/x', /absolute http:\/\/ or https:\/\/ URL/],
  [`https://app.example.com/${'x'.repeat(5000)}`, /at most (5000|2048) characters/],
];

describe('the URL check', () => {
  it('takes absolute http(s) URLs as browsers read them, and refuses control characters, credentials, odd hosts and other schemes', () => {
    for (const [value, why] of REFUSED) {
      const checked = checkUrl(value);
      assert.ok('problem' in checked, JSON.stringify(value));
      assert.match(checked.problem, why, JSON.stringify(value));
    }
    for (const [value, href] of [
      ['https://app.example.com/settings?tab=billing#plan', 'https://app.example.com/settings?tab=billing#plan'],
      ['http://localhost:3000/account', 'http://localhost:3000/account'],
      ['HTTPS://App.Example.COM', 'https://app.example.com/'],
      ['https://bücher.example/konto', 'https://xn--bcher-kva.example/konto'],
      ['https://[2001:db8::1]:8443/x', 'https://[2001:db8::1]:8443/x'],
      // A backslash is a slash to browsers: the host is evil.example, whatever other parsers think.
      ['https://evil.example\\@app.example/x', 'https://evil.example/@app.example/x'],
    ]) {
      const checked = checkUrl(value);
      assert.ok('url' in checked, value);
      assert.equal(checked.url.href, href);
    }
  });
});

describeEachEngine('URL parameters', createTestApi, (get) => {
  it('refuse every URL the check refuses, naming the parameter, writing nothing', async () => {
    const api = get();
    const customer = await apiPost(api, '/v1/customers', {});
    const redirect = (url: string) => ({ type: 'payment_method_update', after_completion: { type: 'redirect', redirect: { return_url: url } } });
    const cases: [string, string, (url: string) => Record<string, unknown>][] = [
      ['/v1/billing_portal/sessions', 'return_url', (url) => ({ customer: customer.id, return_url: url })],
      ['/v1/billing_portal/sessions', 'flow_data[after_completion][redirect][return_url]', (url) => ({ customer: customer.id, flow_data: redirect(url) })],
      ['/v1/billing_portal/configurations', 'default_return_url', (url) => ({ features: { invoice_history: { enabled: true } }, default_return_url: url })],
      ['/v1/billing_portal/configurations', 'business_profile[privacy_policy_url]', (url) => ({ features: { invoice_history: { enabled: true } }, business_profile: { privacy_policy_url: url } })],
      ['/v1/webhook_endpoints', 'url', (url) => ({ url, enabled_events: ['*'] })],
      ['/v1/app_endpoint_settings', 'jwks_url', (url) => ({ jwks_url: url })],
    ];
    for (const [path, param, params] of cases) {
      for (const [url, why] of REFUSED) {
        // A NUL is refused as soon as the body is read, naming the parameter too.
        const message = new RegExp(`${why.source}|^Invalid ${param.replace(/[[\]]/g, '\\$&')}: must not contain the NUL character`);
        await expectRejected(api, 'POST', path, { json: params(url) }, { status: 400, type: 'invalid_request_error', code: url.includes('\u0000') ? 'parameter_invalid' : 'url_invalid', param, message });
      }
    }
    // Origins go into CORS and CSP headers: the same check holds for them.
    for (const origin of ['https://evil.example;script-src', 'https://a.example,b.example', "https://evil.example'", 'https://app.example.com\r\n']) {
      for (const [path, param, params] of [
        ['/v1/billing_portal/configurations', 'embedding[allowed_origins][0]', { features: { invoice_history: { enabled: true } }, embedding: { allowed_origins: [origin] } }],
        ['/v1/app_endpoint_settings', 'allowed_origins[0]', { allowed_origins: [origin] }],
      ] as const) {
        await expectRejected(api, 'POST', path, { json: params }, { status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param, message: /must be an origin/ });
      }
    }
  });

  it('the portal redirects only to the serialisation of a checked URL and builds its CSP only from checked origins', async () => {
    const api = get();
    const customer = await apiPost(api, '/v1/customers', {});
    const { visitor } = await openPortal(api, { customer: customer.id, return_url: 'https://evil.example\\@app.example/x' });
    const page = await visitor.get('/p');
    assert.match(page.headers.get('content-security-policy')!, /; form-action 'self' https:\/\/evil\.example; /);
    const left = await visitor.post('/p/return');
    assert.deepEqual([left.status, left.headers.get('location')], [303, 'https://evil.example/@app.example/x']);

    // A URL stored before the check (or by a looser one) never reaches a header or a page.
    for (const stored of ['https://evil.example;script-src/x', "https://evil.example'/x", 'https://app.example.com/x\r\nSet-Cookie: a=b']) {
      const { session, visitor: v } = await openPortal(api, { customer: customer.id, return_url: 'https://app.example.com/' });
      await api.storage.db.updateTable('portal_sessions').set({ return_url: stored }).where('id', '=', session.id).execute();
      const home = await v.get('/p');
      assert.equal(home.status, 200);
      assert.equal(home.headers.get('content-security-policy'), "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
      assert.doesNotMatch(home.html, /action="\/p\/return"/, 'no way out to a URL that does not pass');
      const leaving = await v.post('/p/return');
      assert.equal(leaving.status, 410);
      assert.equal(leaving.headers.get('location'), null);
      assert.match(textOf(leaving.html), /Your billing session has ended/);
    }
  });
});
