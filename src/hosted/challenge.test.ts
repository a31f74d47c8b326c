import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';

describeEachEngine('test challenge page', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  /** An invoice whose charge waits for authentication, and the challenge link the pay error gave. */
  const waitingInvoice = async () => {
    const cus = await post('/v1/customers', { preferred_locales: ['ar'] });
    const pm = await post('/v1/payment_methods/pm_card_authenticationRequired/attach', { customer: cus.id });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 3100, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    const invoice = await post(`/v1/invoices/${draft.id}/finalize`);
    const intent = (await get().call('POST', `/v1/invoices/${invoice.id}/pay`)).body.error.payment_intent;
    const url = new URL(intent.next_action.redirect_to_url.url);
    return { invoice, intent, path: url.pathname };
  };
  const page = (path: string, init: RequestInit = {}) => get().app.request(path, init);
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
  const answer = (path: string, fields: Record<string, string>) =>
    page(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: new URLSearchParams(fields).toString() });

  it('shows the payment in the customer\'s language, and completing it pays the invoice and sends the customer back', async () => {
    const { invoice, intent, path } = await waitingInvoice();
    const shown = await page(path);
    assert.equal(shown.status, 200);
    assert.match(shown.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(shown.headers.get('cache-control'), 'private, no-store');
    const body = await shown.text();
    assert.match(body, /<html lang="ar" dir="rtl">/);
    assert.match(body, /3184/);
    assert.match(body, /name="outcome" value="complete"/);
    assert.doesNotMatch(body, /<script/);

    const done = await answer(path, { _csrf: csrfOf(body), outcome: 'complete' });
    assert.equal(done.status, 303);
    const back = new URL(done.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, invoice.hosted_invoice_url);
    assert.deepEqual([back.searchParams.get('payment_intent'), back.searchParams.get('redirect_status')], [intent.id, 'succeeded']);
    assert.equal((await get().call('GET', `/v1/invoices/${invoice.id}`)).body.status, 'paid');
    assert.equal((await get().call('GET', `/v1/payment_intents/${intent.id}`)).body.status, 'succeeded');
    // Answered: the link opens nothing any more.
    assert.equal((await page(path)).status, 404);
    assert.equal((await answer(path, { _csrf: csrfOf(body), outcome: 'complete' })).status, 404);
  });

  it('failing it leaves the invoice open with Stripe\'s authentication failure on the intent', async () => {
    const { invoice, intent, path } = await waitingInvoice();
    const body = await (await page(path, { headers: { 'accept-language': 'en' } })).text();
    const done = await answer(path, { _csrf: csrfOf(body), outcome: 'fail' });
    assert.equal(new URL(done.headers.get('location')!).searchParams.get('redirect_status'), 'failed');
    const after = (await get().call('GET', `/v1/payment_intents/${intent.id}`)).body;
    assert.deepEqual([after.status, after.last_payment_error.code], ['requires_payment_method', 'payment_intent_authentication_failure']);
    assert.equal((await get().call('GET', `/v1/invoices/${invoice.id}`)).body.status, 'open');
  });

  it('refuses a wrong link, a forged form and a post from another site', async () => {
    const { intent, path } = await waitingInvoice();
    const body = await (await page(path)).text();
    assert.equal((await page(`${path.slice(0, -4)}AAAA`)).status, 404);
    assert.equal((await answer(path, { _csrf: 'forged', outcome: 'complete' })).status, 403);
    const crossSite = await page(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, body: `_csrf=${csrfOf(body)}&outcome=complete` });
    assert.equal(crossSite.status, 403);
    assert.equal((await get().call('GET', `/v1/payment_intents/${intent.id}`)).body.status, 'requires_action');
  });
});
