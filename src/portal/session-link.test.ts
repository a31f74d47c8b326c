import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../app.ts';
import { createTestApi, silentLogger } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf, visitor } from '../../test/support/portal.ts';

const RETURN = 'https://app.example.com/account';

describeEachEngine('portal session links and cookie', createTestApi, (get) => {
  const newSession = async (params: Record<string, unknown> = {}) => {
    const api = get();
    const customer = await apiPost(api, '/v1/customers', { name: 'Link Tester' });
    return apiPost(api, '/v1/billing_portal/sessions', { customer: customer.id, return_url: RETURN, ...params });
  };
  const open = (url: string, headers: Record<string, string> = {}) => get().app.request(new URL(url).pathname, { headers });

  it('opens once: an HttpOnly SameSite=Lax cookie for the session, a 303 to a token-free URL, no referrer', async () => {
    const session = await newSession();
    const res = await open(session.url);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/p');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^bursar_portal=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.ok(!cookie.includes(new URL(session.url).pathname.split('/').pop()!), 'the cookie is not the link token');

    const page = await visitor(get(), cookie.split(';')[0]).get('/p');
    assert.equal(page.status, 200);
    assert.match(textOf(page.html), /Your subscriptions.*You have no subscriptions\./);

    const again = await open(session.url);
    assert.equal(again.status, 410);
    assert.equal(again.headers.get('set-cookie'), null);
    const html = await again.text();
    assert.match(textOf(html), /This link was already used/);
    assert.ok(html.includes(`<a class="button" href="${RETURN}">Back</a>`));
  });

  it('answers an unknown or malformed link with a page, not an error', async () => {
    for (const path of ['/p/session/' + 'A'.repeat(43), '/p/session/short', '/p/session/%3Cscript%3E']) {
      const res = await get().app.request(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type')!, /text\/html/);
      const text = textOf(await res.text());
      assert.match(text, /This link does not work/);
      assert.match(text, /You can close this window/);
    }
    const noCookie = await get().app.request('/p');
    assert.equal(noCookie.status, 404);
    assert.match(textOf(await noCookie.text()), /This link does not work/);
  });

  it('expires an unopened link after the session lifetime, in the session language', async () => {
    const session = await newSession({ locale: 'de' });
    assert.equal(session.expires_at, session.created + 3600);
    get().clock.advance(3600);
    const res = await open(session.url);
    assert.equal(res.status, 410);
    const html = await res.text();
    assert.match(html, /<html lang="de" dir="ltr">/);
    assert.match(textOf(html), /Dieser Link ist abgelaufen.*Zurück/);
  });

  it('ends a session idle for 30 minutes, and any session at its absolute lifetime however active', async () => {
    const api = get();
    const idle = await openPortal(api, { customer: (await apiPost(api, '/v1/customers', {})).id, return_url: RETURN });
    api.clock.advance(29 * 60);
    assert.equal((await idle.visitor.get('/p')).status, 200, 'active at 29 idle minutes');
    api.clock.advance(30 * 60);
    const timedOut = await idle.visitor.get('/p');
    assert.equal(timedOut.status, 410);
    assert.match(textOf(timedOut.html), /This link has expired/);
    assert.match(timedOut.headers.get('set-cookie') ?? '', /bursar_portal=; Max-Age=0/);

    const busy = await openPortal(api, { customer: (await apiPost(api, '/v1/customers', {})).id });
    for (let minutes = 20; minutes < 60; minutes += 20) {
      api.clock.advance(20 * 60);
      assert.equal((await busy.visitor.get('/p')).status, 200, `active after ${minutes} minutes`);
    }
    api.clock.advance(20 * 60);
    assert.equal((await busy.visitor.get('/p')).status, 410, 'ended an hour after it was created');
  });

  it('takes other lifetimes from the app settings', async () => {
    const api = get();
    const app = createApp({ db: api.storage.db, clock: api.clock, logger: silentLogger, portalTimeouts: { lifetime: 600, idle: 120 } });
    const customer = await apiPost(api, '/v1/customers', {});
    const res = await app.request('/v1/billing_portal/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.keys.test}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `customer=${customer.id}`,
    });
    const session = (await res.json()) as any;
    assert.equal(session.expires_at, session.created + 600);
    const opened = await app.request(new URL(session.url).pathname);
    const cookie = opened.headers.get('set-cookie')!;
    assert.match(cookie, /Max-Age=600;/);
    api.clock.advance(121);
    assert.equal((await app.request('/p', { headers: { cookie: cookie.split(';')[0] } })).status, 410);
  });

  it('uses a __Host- Secure cookie when served over https', async () => {
    const api = get();
    const app = createApp({ db: api.storage.db, clock: api.clock, logger: silentLogger, publicUrl: 'https://billing.example.com' });
    const customer = await apiPost(api, '/v1/customers', {});
    const res = await app.request('/v1/billing_portal/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.keys.test}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `customer=${customer.id}`,
    });
    const { url } = (await res.json()) as any;
    assert.match(url, /^https:\/\/billing\.example\.com\/p\/session\//);
    const opened = await app.request(new URL(url).pathname);
    assert.match(opened.headers.get('set-cookie')!, /^__Host-bursar_portal=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('leaves through the return button: a POST with the CSRF token ends the session and 303s to return_url', async () => {
    const api = get();
    const { visitor: v } = await openPortal(api, { customer: (await apiPost(api, '/v1/customers', {})).id, return_url: RETURN });
    const overview = await v.get('/p');
    assert.match(overview.html, /<form method="post" action="\/p\/return"><input type="hidden" name="_csrf" value="[^"]+"><button type="submit" class="link">Return to Acme<\/button><\/form>/);
    const left = await v.post('/p/return');
    assert.equal(left.status, 303);
    assert.equal(left.headers.get('location'), RETURN);
    const after = await v.get('/p');
    assert.equal(after.status, 410);
    assert.match(textOf(after.html), /Your billing session has ended/);
  });

  it('a link to /p/return from another site ends nothing: the GET shows the portal, a cross-site or tokenless POST is refused', async () => {
    const api = get();
    const { visitor: v } = await openPortal(api, { customer: (await apiPost(api, '/v1/customers', {})).id, return_url: RETURN });
    const linked = await v.get('/p/return', { 'sec-fetch-site': 'cross-site' });
    assert.deepEqual([linked.status, linked.headers.get('location')], [303, '/p']);
    assert.equal((await v.post('/p/return', {}, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await v.post('/p/return', { _csrf: '' })).status, 403);
    const still = await v.get('/p');
    assert.equal(still.status, 200);
    assert.match(textOf(still.html), /Your subscriptions/);
  });

  it('refuses a POST without the session CSRF token or from another site, and changes nothing', async () => {
    const api = get();
    const f = await portalFixture(api, 'Csrf Target');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    await v.get(`/p/subscriptions/${f.subscription.id}/cancel`);
    const cancel = `/p/subscriptions/${f.subscription.id}/cancel`;
    for (const [form, headers] of [
      [{ _csrf: '' }, {}],
      [{ _csrf: 'x'.repeat(43) }, {}],
      [{}, { 'sec-fetch-site': 'cross-site' }],
      [{}, { 'sec-fetch-site': 'same-site' }],
    ] as [Record<string, string>, Record<string, string>][]) {
      const res = await v.post(cancel, form, headers);
      assert.equal(res.status, 403, JSON.stringify([form, headers]));
      assert.match(textOf(res.html), /This request was refused/);
    }
    const other = await openPortal(api, { customer: (await apiPost(api, '/v1/customers', {})).id });
    const foreign = await v.post(cancel, { _csrf: other.visitor.csrf });
    assert.equal(foreign.status, 403, "another session's token does not fit this session");
    assert.equal((await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body.cancel_at_period_end, false);
    assert.equal((await v.post(cancel, {})).status, 303, 'the page token works');
  });

  it('serves pages with a strict CSP and a shared stylesheet; frames only from embedding origins', async () => {
    const api = get();
    const customer = await apiPost(api, '/v1/customers', {});
    const plain = await openPortal(api, { customer: customer.id, return_url: RETURN });
    const page = await plain.visitor.get('/p');
    const csp = page.headers.get('content-security-policy')!;
    assert.equal(csp, "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self' https://app.example.com; base-uri 'none'; frame-ancestors 'none'");
    assert.doesNotMatch(page.html, /<script|<style| style=/);
    const css = page.html.match(/<link rel="stylesheet" href="([^"]+)">/)![1];
    const sheet = await api.app.request(css);
    assert.equal(sheet.status, 200);
    assert.match(sheet.headers.get('content-type')!, /text\/css/);
    assert.match(sheet.headers.get('cache-control')!, /immutable/);
    assert.ok(Buffer.byteLength(page.html) + Buffer.byteLength(await sheet.text()) < 30_000, 'a page and its stylesheet stay under 30 KB');

    const embedded = await apiPost(api, '/v1/billing_portal/configurations', {
      features: { invoice_history: { enabled: 'true' } },
      embedding: { allowed_origins: ['https://app.example.com', 'https://admin.example.com'] },
      branding: { accent_color: '#aa3300', business_name: '<Shop & Co>' },
    });
    const framed = await openPortal(api, { customer: customer.id, configuration: embedded.id });
    const framedPage = await framed.visitor.get('/p');
    assert.match(framedPage.headers.get('content-security-policy')!, /frame-ancestors https:\/\/app\.example\.com https:\/\/admin\.example\.com$/);
    assert.ok(framedPage.html.includes('<strong>&lt;Shop &amp; Co&gt;</strong>'), 'the business name is escaped');
    const accent = framedPage.html.match(/<link rel="stylesheet" href="(\/p\/assets\/accent-aa3300-[0-9a-f]{8}\.css)">/)?.[1];
    assert.ok(accent, 'the accent stylesheet is linked');
    // #aa3300 reads at 4.5:1 on the light page as it is; dark mode gets a lighter shade of it.
    assert.equal(await (await api.app.request(accent)).text(), ':root{--accent:#aa3300;--on-accent:#ffffff;--link:#aa3300}@media (prefers-color-scheme:dark){:root{--link:#c87a59}}');
  });
});
