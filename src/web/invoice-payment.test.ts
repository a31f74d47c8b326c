import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BursarError } from '../kit/errors.ts';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { localeFor } from '../portal/i18n/locale.ts';
import { authenticationUrl, REQUIRES_ACTION, toAuthentication } from './invoice-payment.ts';

const asking = (url: unknown) =>
  BursarError.card('This payment requires authentication.', REQUIRES_ACTION, undefined, {
    payment_intent: { id: 'pi_1', status: 'requires_action', next_action: { type: 'redirect_to_url', redirect_to_url: { url, return_url: 'http://127.0.0.1:4242/invoices/x' } } },
  });

describe('where a payment that needs authentication sends the customer', () => {
  it("is the payment intent's redirect URL, as payInvoice's requires_action refusal carries it", () => {
    assert.equal(authenticationUrl(asking('https://hooks.stripe.com/3d_secure_2/hosted?x=1')), 'https://hooks.stripe.com/3d_secure_2/hosted?x=1');
    assert.equal(authenticationUrl(asking('http://127.0.0.1:4242/test-challenge/pi_1')), 'http://127.0.0.1:4242/test-challenge/pi_1');
  });

  it('is nowhere for a decline, or a URL a browser must not be sent to', () => {
    assert.equal(authenticationUrl(BursarError.card('Your card was declined.', 'card_declined', 'generic_decline')), null);
    assert.equal(authenticationUrl(asking('javascript:alert(1)')), null);
    assert.equal(authenticationUrl(asking('https://user:pw@example.com/')), null);
    assert.equal(authenticationUrl(asking(42)), null);
    assert.equal(authenticationUrl(BursarError.card('Needs action.', REQUIRES_ACTION)), null);
  });
});

describe('sending the customer to authenticate', () => {
  const app = new Hono();
  app.post('/pay', (c) =>
    toAuthentication(c, c.req.query('to')!, 'http://127.0.0.1:4242', localeFor('en'), async (title, body) => c.html(html`<h1>${title}</h1>${body}`)),
  );
  const send = (to: string) => app.request(`/pay?to=${encodeURIComponent(to)}`, { method: 'POST' });

  it("redirects (303) to Bursar's own challenge page", async () => {
    const res = await send('http://127.0.0.1:4242/test-challenge/ch_1/token');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), 'http://127.0.0.1:4242/test-challenge/ch_1/token');
  });

  it("reaches the bank's page through a page that moves on by itself, since the form's CSP would refuse a redirect there", async () => {
    const res = await send('https://hooks.stripe.com/3d_secure_2/hosted?a=1&b=2');
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.ok(body.includes('<meta http-equiv="refresh" content="0; url=https://hooks.stripe.com/3d_secure_2/hosted?a=1&amp;b=2">'), body);
    assert.ok(body.includes('<a class="button" href="https://hooks.stripe.com/3d_secure_2/hosted?a=1&amp;b=2">Continue to your bank</a>'));
    assert.match(body, /<h1>Confirm the payment with your bank<\/h1>/);
  });
});
