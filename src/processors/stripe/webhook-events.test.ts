import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { ProcessorSignatureError, type Processor, type ProcessorEvent } from '../processor.ts';
import { useStandin, type StripeStandin } from '../../../test/support/stripe-standin.ts';
import { startReceiver } from '../../../test/support/webhook-receiver.ts';
import { outgoingClient } from '../../net/client.ts';
import { createStripeProcessor } from './processor.ts';
import { WEBHOOK_TOLERANCE_SECONDS } from './webhook-events.ts';

const now = () => Math.floor(Date.now() / 1000);

describe("Stripe's webhooks as processor events", () => {
  const fixture = useStandin({ customer: 'cus_b1', email: null, name: null });
  let standin: StripeStandin;
  let stripe: Processor;
  let customerRef: string;
  before(() => ({ standin, stripe, customerRef } = fixture));

  /** The event as Bursar reads it from a signed delivery. */
  const parsed = (event: Stripe.Event): ProcessorEvent => {
    const { body, headers } = standin.sign(event);
    const events = stripe.parseWebhook(body, new Headers(headers), now());
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].eventId, events[0].created], [event.id, event.created]);
    const { eventId: _, created: __, ...rest } = events[0];
    return rest as ProcessorEvent;
  };
  const charge = (key: string, methodRef: string, offSession = true) =>
    stripe.charge({ idempotencyKey: key, amount: 1500, currency: 'usd', customerRef: null, methodRef, offSession, returnUrl: 'https://b.example/back', metadata: { bursar_invoice: 'in_9' } });
  const meta = (key: string) => ({ bursar_invoice: 'in_9', bursar_idempotency_key: key });

  it('a saved card: setup_intent.succeeded and checkout.session.completed name the setup; setup_failed says why', async () => {
    const start = await stripe.startSetup({ idempotencyKey: 's1', customerRef, successUrl: 'https://b.example/r', cancelUrl: 'https://b.example/c', metadata: { bursar_setup: 'seti_b1' } });
    const { setupIntent } = standin.completeSetup(start.ref);
    assert.deepEqual(parsed(standin.lastEvent('setup_intent.succeeded')), { type: 'setup.succeeded', setupRef: setupIntent.id, customerRef, method: null, metadata: { bursar_setup: 'seti_b1' } });
    assert.deepEqual(parsed(standin.lastEvent('checkout.session.completed')), { type: 'setup.succeeded', setupRef: start.ref, customerRef, method: null, metadata: { bursar_setup: 'seti_b1' } });
    const failing = await stripe.startSetup({ idempotencyKey: 's2', customerRef, successUrl: 'https://b.example/r', cancelUrl: 'https://b.example/c', metadata: { bursar_setup: 'seti_b2' } });
    const failed = standin.completeSetup(failing.ref, 'fail_setup');
    assert.deepEqual(parsed(standin.lastEvent('setup_intent.setup_failed')), { type: 'setup.failed', setupRef: failed.setupIntent.id, code: 'card_declined', message: 'Your card was declined.', metadata: { bursar_setup: 'seti_b2' } });
  });

  it('payments: succeeded, failed with its codes, and requires_action (with or without a page yet)', async () => {
    const paid = (await charge('w1', 'pm_card_visa')) as { ref: string };
    assert.deepEqual(parsed(standin.lastEvent('payment_intent.succeeded')), { type: 'payment.succeeded', paymentRef: paid.ref, amount: 1500, currency: 'usd', metadata: meta('w1') });
    const declined = (await charge('w2', 'pm_card_chargeDeclinedInsufficientFunds')) as { ref: string };
    assert.deepEqual(parsed(standin.lastEvent('payment_intent.payment_failed')), { type: 'payment.failed', paymentRef: declined.ref, code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.', metadata: meta('w2') });
    const asked = (await charge('w3', 'pm_card_authenticationRequired')) as { ref: string; actionUrl: string };
    // Stripe first says the off-session charge failed for want of authentication: not a failure to Bursar.
    const failedFirst = standin.events.find((e) => e.type === 'payment_intent.payment_failed' && (e.data.object as Stripe.PaymentIntent).id === asked.ref)!;
    assert.deepEqual(parsed(failedFirst), { type: 'payment.requires_action', paymentRef: asked.ref, actionUrl: null, metadata: meta('w3') });
    assert.deepEqual(parsed(standin.lastEvent('payment_intent.requires_action')), { type: 'payment.requires_action', paymentRef: asked.ref, actionUrl: asked.actionUrl, metadata: meta('w3') });
  });

  it('refunds and disputes name the PaymentIntent', async () => {
    const paid = (await charge('w4', 'pm_card_visa')) as { ref: string };
    await stripe.refund({ idempotencyKey: 'r1', paymentRef: paid.ref, amount: 400, currency: 'usd', reason: null, metadata: {} });
    assert.deepEqual(parsed(standin.lastEvent('charge.refunded')), { type: 'payment.refunded', paymentRef: paid.ref, amountRefunded: 400, refunds: [] });
    // A refund that was pending succeeds later: refund.updated reports that one refund.
    const updated = { id: 'evt_refund_updated', object: 'event', type: 'refund.updated', created: now(), data: { object: { id: 're_later', object: 'refund', amount: 250, payment_intent: paid.ref, charge: 'ch_x', status: 'succeeded' } } } as unknown as Stripe.Event;
    assert.deepEqual(parsed(updated), { type: 'payment.refunded', paymentRef: paid.ref, amountRefunded: 0, refunds: [{ ref: 're_later', amount: 250, status: 'succeeded' }] });
    const dispute = standin.dispute(paid.ref, 'needs_response');
    const expected = { type: 'dispute.updated', disputeRef: dispute.id, paymentRef: paid.ref, amount: 1500, currency: 'usd', reason: 'fraudulent' };
    assert.deepEqual(parsed(standin.lastEvent('charge.dispute.created')), { ...expected, status: 'needs_response' });
    standin.dispute(paid.ref, 'under_review');
    assert.deepEqual(parsed(standin.lastEvent('charge.dispute.updated')), { ...expected, status: 'under_review' });
    standin.dispute(paid.ref, 'lost');
    assert.deepEqual(parsed(standin.lastEvent('charge.dispute.closed')), { ...expected, status: 'lost' });
  });

  it('a detached card, and any other event is acknowledged and ignored', async () => {
    const start = await stripe.startSetup({ idempotencyKey: 's3', customerRef, successUrl: 'https://b.example/r', cancelUrl: 'https://b.example/c', metadata: {} });
    const { paymentMethod } = standin.completeSetup(start.ref);
    await stripe.detach(paymentMethod.id);
    assert.deepEqual(parsed(standin.lastEvent('payment_method.detached')), { type: 'method.detached', methodRef: paymentMethod.id });
    assert.deepEqual(parsed(standin.lastEvent('customer.created')), { type: 'ignored', processorType: 'customer.created' });
    assert.deepEqual(parsed(standin.lastEvent('payment_intent.created')), { type: 'ignored', processorType: 'payment_intent.created' });
  });

  it('verifies a delivery as Stripe sends it over HTTP', async () => {
    const receiver = await startReceiver();
    try {
      const event = standin.lastEvent('customer.created');
      assert.equal(await standin.deliver(receiver.url, event), 200);
      const got = receiver.requests[0];
      const headers = new Headers(Object.entries(got.headers).map(([k, v]) => [k, String(v)]));
      assert.equal(stripe.parseWebhook(got.body, headers, now())[0].eventId, event.id);
    } finally {
      await receiver.close();
    }
  });

  it(`refuses a bad signature, another endpoint's secret, a changed body, a missing header, one older than ${WEBHOOK_TOLERANCE_SECONDS} s, and any when no secret is set`, () => {
    const event = standin.lastEvent('customer.created');
    const refused = (body: string, headers: Record<string, string>, at = now(), processor = stripe) =>
      assert.throws(() => processor.parseWebhook(body, new Headers(headers), at), ProcessorSignatureError);
    const good = standin.sign(event);
    refused(good.body, { 'stripe-signature': good.headers['stripe-signature'].replace(/v1=[0-9a-f]{4}/, 'v1=0000') });
    const other = standin.sign(event, { secret: 'whsec_another_endpoint' });
    refused(other.body, other.headers);
    refused(good.body.replace('"customer.created"', '"payment_intent.succeeded"'), good.headers);
    refused(good.body, {});
    const old = standin.sign(event, { timestamp: now() - WEBHOOK_TOLERANCE_SECONDS - 1 });
    refused(old.body, old.headers);
    // The age is measured at the `now` Bursar passes, not the machine's clock.
    const signedAt = now() - 3600;
    const then = standin.sign(event, { timestamp: signedAt });
    assert.equal(stripe.parseWebhook(then.body, new Headers(then.headers), signedAt + 10)[0].eventId, event.id);
    refused(then.body, then.headers, signedAt + WEBHOOK_TOLERANCE_SECONDS + 1);
    const unset = createStripeProcessor({ secretKey: 'sk_test_x', webhookSecret: null }, { projectId: 'p', livemode: false, client: outgoingClient({ livemode: false }), publicUrl: 'http://127.0.0.1:1' });
    refused(good.body, good.headers, now(), unset);
  });
});
