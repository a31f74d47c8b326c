import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openInvoice, textOf, timesPaid } from '../../test/support/portal.ts';

/** A reader of an invoice link: the page's cookie and form token, sent back as the page's own form would. */
function reader(api: TestApi, url: string) {
  const path = new URL(url).pathname;
  let cookie = '';
  let csrf = '';
  const read = async (res: Response) => {
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    const html = await res.text();
    csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? csrf;
    return { status: res.status, html, text: textOf(html), headers: res.headers };
  };
  return {
    get: async (query = '') => read(await api.app.request(`${path}${query}`, { headers: { cookie } })),
    pay: async (form: Record<string, string>, extra: Record<string, string> = {}) =>
      read(
        await api.app.request(`${path}/pay`, {
          method: 'POST',
          body: new URLSearchParams({ _csrf: csrf, ...form }),
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...extra },
        }),
      ),
  };
}

/** An open invoice of $12.00, with the customer's card (when given) as their default. */
async function invoiceFor(api: TestApi, card: string | null) {
  const customer = await apiPost(api, '/v1/customers', { name: 'Ada Lovelace' });
  if (card) {
    const pm = await apiPost(api, `/v1/payment_methods/${card}/attach`, { customer: customer.id });
    await apiPost(api, `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: pm.id } });
  }
  return openInvoice(api, customer.id);
}

describeEachEngine('paying from the hosted invoice page', createTestApi, (get) => {
  it('pays an open invoice with the default card, then shows it paid with the date; a second submit charges nothing', async () => {
    const api = get();
    const invoice = await invoiceFor(api, 'pm_card_visa');
    const r = reader(api, invoice.hosted_invoice_url);
    const page = await r.get();
    assert.match(page.text, /Payment Amount due: \$12\.00 Pay \$12\.00 with Visa •••• 4242 Pay with another card/);
    assert.match(page.headers.get('set-cookie')!, /^bursar_invoice=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self'/);

    const paid = await r.pay({ pay_with: 'default' });
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.get('location'), `${new URL(invoice.hosted_invoice_url).pathname}?done=invoice_paid`);
    const shown = await r.get('?done=invoice_paid');
    assert.match(shown.text, /Paid Thank you: your payment was received and the invoice is paid\. Paid on Jan 1, 2026/);
    assert.doesNotMatch(shown.text, /Pay \$12\.00/);
    assert.equal((await api.call('GET', `/v1/invoices/${invoice.id}`)).body.status, 'paid');

    const again = await r.pay({ pay_with: 'default' });
    assert.equal(again.headers.get('location'), `${new URL(invoice.hosted_invoice_url).pathname}?done=already_paid`);
    assert.match((await r.get('?done=already_paid')).text, /This invoice was already paid: you were not charged again\./);
    assert.equal(await timesPaid(api, invoice.id), 1);
  });

  it('offers the test card form to a customer without a card; a decline shows its message beside it and keeps the expiry', async () => {
    const api = get();
    const invoice = await invoiceFor(api, null);
    const r = reader(api, invoice.hosted_invoice_url);
    const page = await r.get();
    assert.match(page.text, /Payment Amount due: \$12\.00 Test mode: .*Card number Expiry month Expiry year Security code \(CVC\) Pay \$12\.00/);
    assert.doesNotMatch(page.text, /another card/);

    const declined = await r.pay({ pay_with: 'new', number: '4000000000000341', exp_month: '8', exp_year: '2030' });
    assert.equal(declined.status, 402);
    assert.match(declined.text, /Payment Your card was declined\. Amount due: \$12\.00/);
    assert.ok(declined.html.includes('id="number" name="number" inputmode="numeric" autocomplete="cc-number" required maxlength="23" aria-describedby="pay-error"'));
    assert.ok(declined.html.includes('value="2030"') && !declined.html.includes('0341"'));
    assert.equal((await api.call('GET', `/v1/invoices/${invoice.id}`)).body.status, 'open');

    const paid = await r.pay({ pay_with: 'new', number: '4242 4242 4242 4242', exp_month: '8', exp_year: '2030' });
    assert.equal(paid.status, 303);
    assert.equal((await api.call('GET', `/v1/invoices/${invoice.id}`)).body.status, 'paid');
  });

  it('shows a customer back from their bank the invoice as it is: still open with why and the Pay button again, or paid', async () => {
    const api = get();
    const invoice = await invoiceFor(api, 'pm_card_visa');
    const r = reader(api, invoice.hosted_invoice_url);
    const back = await r.get('?payment_intent=pi_123&redirect_status=failed');
    assert.match(back.text, /Payment Your payment was not completed: .* You can try again\. Amount due: \$12\.00 Pay \$12\.00 with Visa •••• 4242/);
    await apiPost(api, `/v1/invoices/${invoice.id}/pay`, {});
    const paid = await r.get('?payment_intent=pi_123&redirect_status=succeeded');
    assert.match(paid.text, /Paid Thank you: your payment was received and the invoice is paid\. Paid on /);
    assert.doesNotMatch(paid.text, /not completed/);
  });

  it('refuses a form from another site, without the cookie, or with a wrong token, and charges nothing', async () => {
    const api = get();
    const invoice = await invoiceFor(api, 'pm_card_visa');
    const r = reader(api, invoice.hosted_invoice_url);
    await r.get();
    assert.equal((await r.pay({ pay_with: 'default' }, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await r.pay({ pay_with: 'default', _csrf: 'forged' })).status, 403);
    assert.equal((await r.pay({ pay_with: 'default' }, { cookie: '' })).status, 403);
    const refused = await r.pay({ pay_with: 'default' }, { cookie: 'bursar_invoice=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /This request was refused/);
    assert.equal((await api.call('GET', `/v1/invoices/${invoice.id}`)).body.status, 'open');
    assert.equal((await api.app.request('/invoices/not-a-token/pay', { method: 'POST' })).status, 404);
  });
});
