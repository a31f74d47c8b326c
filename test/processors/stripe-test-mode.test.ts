import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { outgoingClient } from '../../src/net/client.ts';
import type { ChargeRequest, Processor } from '../../src/processors/processor.ts';
import { createStripeProcessor } from '../../src/processors/stripe/processor.ts';

/**
 * The Stripe processor's flows against Stripe's real test mode. Runs only when
 * STRIPE_TEST_SECRET_KEY holds a test-mode key (sk_test_… or rk_test_…); tests never reach the
 * internet otherwise. Webhook verification is covered against the stand-in, which signs as Stripe does.
 */
const key = process.env.STRIPE_TEST_SECRET_KEY ?? '';
const skip = !key
  ? 'STRIPE_TEST_SECRET_KEY is not set: the flows against Stripe test mode were not run (the stand-in tests cover them offline)'
  : !/^(sk|rk)_test_/.test(key)
    ? 'STRIPE_TEST_SECRET_KEY is not a test-mode key (sk_test_… or rk_test_…): refusing to run against a live account'
    : false;
if (skip) console.log(`# skipped: ${skip}`);

describe("the Stripe processor against Stripe's test mode", { skip }, () => {
  const run = randomUUID();
  let stripe: Processor;
  const charge = (name: string, methodRef: string, more: Partial<ChargeRequest> = {}): ChargeRequest => ({
    idempotencyKey: `bursar-test-${run}-${name}`,
    amount: 1200,
    currency: 'usd',
    customerRef: null,
    methodRef,
    offSession: true,
    returnUrl: 'https://example.com/bursar/return',
    description: `Bursar test ${name}`,
    metadata: { bursar_invoice: `in_test_${name}`, bursar_run: run },
    ...more,
  });

  before(() => {
    stripe = createStripeProcessor({ secretKey: key, webhookSecret: null }, { projectId: 'proj_stripe_test', livemode: false, client: outgoingClient({ livemode: false }), publicUrl: 'https://example.com' });
  });

  it("creates a customer and starts card collection on Stripe's Checkout page", async () => {
    const customerRef = await stripe.ensureCustomer({ customer: `cus_bursar_${run}`, email: 'bursar-test@example.com', name: 'Bursar Test' }, null);
    assert.match(customerRef, /^cus_/);
    const start = await stripe.startSetup({ idempotencyKey: `bursar-test-${run}-setup`, customerRef, successUrl: 'https://example.com/return?setup={SETUP_REF}', cancelUrl: 'https://example.com/cancel', metadata: { bursar_run: run } });
    assert.match(start.ref, /^cs_test_/);
    assert.match(start.url, /^https:\/\/checkout\.stripe\.com\//);
    assert.deepEqual(await stripe.setupStatus(start.ref), { status: 'open' });
  });

  it('charges off-session, reconciles to the same PaymentIntent, and refunds in part and in full', async () => {
    const paid = await stripe.charge(charge('visa', 'pm_card_visa'));
    assert.equal(paid.status, 'succeeded');
    const ref = (paid as { ref: string }).ref;
    assert.deepEqual(await stripe.reconcileCharge(charge('visa', 'pm_card_visa')), paid);
    assert.deepEqual(await stripe.chargeStatus(ref), paid);
    const part = await stripe.refund({ idempotencyKey: `bursar-test-${run}-refund-1`, paymentRef: ref, amount: 200, currency: 'usd', reason: 'requested_by_customer', metadata: { bursar_run: run } });
    assert.equal(part.status, 'succeeded');
    const rest = await stripe.refund({ idempotencyKey: `bursar-test-${run}-refund-2`, paymentRef: ref, amount: 1000, currency: 'usd', reason: null, metadata: { bursar_run: run } });
    assert.equal(rest.status, 'succeeded');
    const over = await stripe.refund({ idempotencyKey: `bursar-test-${run}-refund-3`, paymentRef: ref, amount: 1, currency: 'usd', reason: null, metadata: {} });
    assert.equal(over.status, 'failed');
  });

  it('reports a decline, and a renewal that needs authentication as requires_action with a Stripe page', async () => {
    const declined = await stripe.charge(charge('declined', 'pm_card_chargeDeclined'));
    assert.deepEqual(declined.status === 'failed' && declined.code, 'card_declined');
    const asked = await stripe.charge(charge('authenticate', 'pm_card_authenticationRequired'));
    assert.equal(asked.status, 'requires_action');
    if (asked.status !== 'requires_action') return;
    assert.match(asked.ref, /^pi_/);
    assert.match(asked.actionUrl, /^https:\/\/hooks\.stripe\.com\//);
    assert.equal((await stripe.chargeStatus(asked.ref)).status, 'requires_action');
  });
});
