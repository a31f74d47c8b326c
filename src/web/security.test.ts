import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestApi, type TestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture } from '../../test/support/portal.ts';

/** The headers a browser needs on anything Bursar hosts for people: pages, documents, stylesheets. */
function missingHeaders(res: Response): string[] {
  const csp = res.headers.get('content-security-policy') ?? '';
  const missing: string[] = [];
  if (!/(^|; )default-src 'none'(;|$)/.test(csp)) missing.push(`no Content-Security-Policy default-src 'none' (got ${JSON.stringify(csp)})`);
  if (!/(^|; )frame-ancestors [^;]+/.test(csp)) missing.push('no Content-Security-Policy frame-ancestors');
  if (!/(^|; )base-uri 'none'(;|$)/.test(csp)) missing.push("no Content-Security-Policy base-uri 'none'");
  if (res.headers.get('x-content-type-options') !== 'nosniff') missing.push('no X-Content-Type-Options: nosniff');
  if (!['same-origin', 'no-referrer'].includes(res.headers.get('referrer-policy') ?? '')) missing.push('no Referrer-Policy');
  if (res.headers.get('cross-origin-opener-policy') !== 'same-origin') missing.push('no Cross-Origin-Opener-Policy');
  return missing;
}

/** What a page carries inline that its CSP would block: a browser would drop it, and the page would break. */
function blockedInline(html: string, csp: string): string[] {
  const styleSrc = csp.match(/(?:^|; )style-src ([^;]+)/)?.[1].split(' ') ?? [];
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  return [...styles.filter((hash) => !styleSrc.includes(hash)).map((hash) => `its CSP blocks its <style> (${hash})`), ...(/<script|\sstyle="/.test(html) ? ['a script or style attribute its CSP blocks'] : [])];
}

/** Everything the app serves to a browser: every GET and POST route it declares, API included, but not its middleware. */
function routesOf(api: TestApi) {
  const seen = new Set<string>();
  return api.app.routes.filter((r) => ['GET', 'POST'].includes(r.method) && !r.path.includes('*') && !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

describeEachEngine('security headers of hosted pages', createTestApi, (get) => {
  it('sends the security headers with every page, document and stylesheet of every route, found or not, with a session or without', async () => {
    const api = get();
    const f = await portalFixture(api);
    await apiPost(api, `/v1/billing_portal/configurations/${f.configuration.id}`, {
      branding: { accent_color: '#0a7d4f' },
      features: { customer_update: { enabled: 'true', allowed_updates: ['email', 'tax_id'] } },
    });
    const taxId = await apiPost(api, `/v1/customers/${f.customer.id}/tax_ids`, { type: 'eu_vat', value: 'DE123456789' });
    const [invoice] = (await api.call('GET', '/v1/invoices', { params: { customer: f.customer.id } })).body.data;
    const invoiceToken = new URL(invoice.hosted_invoice_url).pathname.split('/')[2];
    const { visitor } = await openPortal(api, { customer: f.customer.id, return_url: 'https://app.example.com/account' });
    const accentFile = (await visitor.get('/p')).html.match(/href="\/p\/assets\/(accent-[^"]+)"/)![1];
    // A payment waiting on the test challenge page: its link's charge ref and token.
    const sca = await apiPost(api, '/v1/payment_methods/pm_card_authenticationRequired/attach', { customer: f.customer.id });
    await apiPost(api, '/v1/invoiceitems', { customer: f.customer.id, amount: 900, currency: 'usd' });
    const scaInvoice = await apiPost(api, '/v1/invoices', { customer: f.customer.id, pending_invoice_items_behavior: 'include', default_payment_method: sca.id, auto_advance: false });
    await apiPost(api, `/v1/invoices/${scaInvoice.id}/finalize`);
    const challenge = (await api.call('POST', `/v1/invoices/${scaInvoice.id}/pay`)).body.error.payment_intent.next_action.redirect_to_url.url;
    const [, , challengeRef, challengeToken] = new URL(challenge).pathname.split('/');
    const sessionToken = async () => new URL((await apiPost(api, '/v1/billing_portal/sessions', { customer: f.customer.id })).url).pathname.split('/')[3];

    // The value each route parameter takes for a real object; a route with a parameter not known here fails the test.
    const valueOf = async (path: string, param: string) => {
      if (path.startsWith('/v1/')) return 'x'; // the API answers JSON whatever it is asked
      if (path.startsWith('/processors/')) return param === 'mode' ? 'test' : 'x'; // a processor's webhook gets JSON too
      if (param === 'token') return path.startsWith('/invoices/') ? invoiceToken : path.startsWith('/test-challenge/') ? challengeToken! : sessionToken();
      if (param === 'ref') return challengeRef!;
      if (param === 'file') return accentFile;
      if (param === 'id') return path.includes('/payment-methods/') ? f.card.id : path.includes('/tax-ids/') ? taxId.id : path.includes('/invoices/') ? invoice.id : f.subscription.id;
      throw new Error(`no value for :${param} of ${path}: say which object it names`);
    };
    const fill = async (path: string, value: (param: string) => Promise<string> | string) => {
      let out = path;
      for (const [whole, param] of path.matchAll(/:(\w+)(\{[^}]*\})?/g)) out = out.replace(whole, await value(param));
      return out;
    };

    const failures: string[] = [];
    let checked = 0;
    for (const route of routesOf(api)) {
      const found = await fill(route.path, (param) => valueOf(route.path, param));
      const wrong = await fill(route.path, () => 'x');
      for (const [path, cookie] of [[found, true], [wrong, true], [found, false]] as const) {
        // A POST comes from the portal's own form, with its token, in a session of its own (it may end it).
        const { visitor: v } = await openPortal(api, { customer: f.customer.id, return_url: 'https://app.example.com/account' });
        const headers = { ...(cookie && { cookie: v.cookie }), 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
        const res = await api.app.request(path, route.method === 'GET' ? { headers } : { method: 'POST', headers, body: new URLSearchParams({ _csrf: v.csrf }) });
        const type = res.headers.get('content-type');
        if (type === null || type.startsWith('application/json')) continue;
        checked++;
        const missing = [...missingHeaders(res), ...(type.startsWith('text/html') ? blockedInline(await res.text(), res.headers.get('content-security-policy') ?? '') : [])];
        if (missing.length > 0) failures.push(`${route.method} ${path} (${res.status}, ${type}): ${missing.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
    // The walk reached the pages a person sees: the invoice page and PDF, the API reference, the portal and its stylesheets.
    assert.ok(checked > 40, `only ${checked} responses were pages`);
  });
});
