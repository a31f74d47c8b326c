import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BursarError } from '../kit/errors.ts';
import { authenticationUrl, REQUIRES_ACTION } from './invoice-payment.ts';

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
