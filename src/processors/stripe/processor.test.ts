import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BursarError } from '../../kit/errors.ts';
import type { ChargeRequest, Processor } from '../processor.ts';
import { useStandin, type StripeStandin } from '../../../test/support/stripe-standin.ts';
import { STRIPE_API_VERSION } from './client.ts';

const renewal = (key: string, methodRef: string, customerRef: string | null, more: Partial<ChargeRequest> = {}): ChargeRequest => ({
  idempotencyKey: key,
  amount: 2000,
  currency: 'eur',
  customerRef,
  methodRef,
  offSession: true,
  returnUrl: 'https://billing.example/invoices/in_1/pay',
  description: 'Invoice 0001',
  metadata: { bursar_invoice: 'in_1', bursar_payment_intent: 'pi_bursar_1' },
  ...more,
});

describe('the Stripe processor against a stand-in Stripe', () => {
  const fixture = useStandin({ customer: 'cus_bursar1', email: 'ada@example.com', name: 'Ada' });
  let standin: StripeStandin;
  let stripe: Processor;
  let customerRef: string;
  before(() => ({ standin, stripe, customerRef } = fixture));

  const last = () => standin.requests.at(-1)!;
  const since = (mark: number) => standin.requests.slice(mark).map((r) => `${r.method} ${r.path}`);

  it("creates a Stripe customer once, with Bursar's id in its metadata, under a key of the Bursar customer", async () => {
    const sent = standin.requests.find((r) => r.path === '/v1/customers')!;
    assert.deepEqual(sent.params, { email: 'ada@example.com', name: 'Ada', metadata: { bursar_customer: 'cus_bursar1', bursar_project: 'proj_standin' } });
    assert.equal(sent.idempotencyKey, 'bursar-customer-proj_standin-cus_bursar1');
    assert.equal(sent.stripeVersion, STRIPE_API_VERSION);
    assert.equal(sent.headers.authorization, 'Bearer sk_test_standin');
    // A create whose answer was lost, sent again, finds the same customer.
    assert.equal(await stripe.ensureCustomer({ customer: 'cus_bursar1', email: 'ada@example.com', name: 'Ada' }, null), customerRef);
    assert.equal([...standin.objects.values()].filter((o) => o.object === 'customer').length, 1);
    const mark = standin.requests.length;
    assert.equal(await stripe.ensureCustomer({ customer: 'cus_bursar1', email: null, name: null }, customerRef), customerRef);
    assert.deepEqual(since(mark), []);
  });

  it("collects a card on Stripe's Checkout page in setup mode and reads it back as a saved method", async () => {
    const start = await stripe.startSetup({
      idempotencyKey: 'setup-1',
      customerRef,
      successUrl: 'https://billing.example/portal/cards/return?setup={SETUP_REF}',
      cancelUrl: 'https://billing.example/portal/cards',
      locale: 'fr-BE',
      metadata: { bursar_customer: 'cus_bursar1' },
    });
    const sent = last();
    assert.deepEqual([sent.method, sent.path, sent.idempotencyKey], ['POST', '/v1/checkout/sessions', 'setup-1']);
    assert.deepEqual(sent.params, {
      mode: 'setup',
      customer: customerRef,
      allowed_payment_method_types: ['card'],
      success_url: 'https://billing.example/portal/cards/return?setup={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://billing.example/portal/cards',
      locale: 'fr',
      metadata: { bursar_customer: 'cus_bursar1' },
      setup_intent_data: { metadata: { bursar_customer: 'cus_bursar1' } },
    });
    assert.match(start.ref, /^cs_test_/);
    assert.equal(start.url, `${standin.url}/c/pay/${start.ref}`);
    assert.deepEqual(await stripe.setupStatus(start.ref), { status: 'open' });

    // The customer saves a card on the page and is sent back with the session's id.
    const page = await fetch(start.url, { method: 'POST', body: new URLSearchParams({ card: 'succeed' }), redirect: 'manual' });
    assert.equal(page.headers.get('location'), `https://billing.example/portal/cards/return?setup=${start.ref}`);
    const outcome = await stripe.setupStatus(start.ref);
    assert.deepEqual([last().method, last().path, last().params], ['GET', `/v1/checkout/sessions/${start.ref}`, { expand: ['setup_intent.payment_method'] }]);
    assert.equal(outcome.status, 'succeeded');
    if (outcome.status !== 'succeeded') return;
    assert.match(outcome.method.ref, /^pm_/);
    assert.deepEqual(outcome.method.card, { brand: 'visa', last4: '4242', expMonth: 12, expYear: new Date().getUTCFullYear() + 3, fingerprint: 'fpvisa4242', funding: 'credit', country: 'US' });
    // Stripe's setup_intent events name the SetupIntent: its ref answers too.
    const seti = standin.lastEvent('setup_intent.succeeded').data.object as { id: string };
    assert.deepEqual(await stripe.setupStatus(seti.id), outcome);
  });

  it('charges a saved card off-session: one confirmed PaymentIntent with the attempt key, metadata and return URL', async () => {
    const outcome = await stripe.charge(renewal('attempt-1', 'pm_card_visa', customerRef));
    const sent = last();
    assert.deepEqual([sent.method, sent.path, sent.idempotencyKey], ['POST', '/v1/payment_intents', 'attempt-1']);
    assert.deepEqual(sent.params, {
      amount: '2000',
      currency: 'eur',
      customer: customerRef,
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: 'true',
      off_session: 'true',
      return_url: 'https://billing.example/invoices/in_1/pay',
      description: 'Invoice 0001',
      metadata: { bursar_invoice: 'in_1', bursar_payment_intent: 'pi_bursar_1', bursar_idempotency_key: 'attempt-1' },
    });
    assert.equal(outcome.status, 'succeeded');
    assert.equal(outcome.status === 'succeeded' && standin.objects.get(outcome.ref).status, 'succeeded');
    assert.deepEqual(await stripe.chargeStatus((outcome as { ref: string }).ref), outcome);
  });

  it('reports a decline with its code and decline code, naming the PaymentIntent', async () => {
    const declined = await stripe.charge(renewal('attempt-2', 'pm_card_chargeDeclined', null));
    assert.equal(declined.status, 'failed');
    if (declined.status !== 'failed') return;
    assert.match(declined.ref!, /^pi_/);
    assert.deepEqual([declined.code, declined.declineCode, declined.message], ['card_declined', 'generic_decline', 'Your card was declined.']);
    const poor = await stripe.charge(renewal('attempt-3', 'pm_card_chargeDeclinedInsufficientFunds', null));
    assert.deepEqual(poor.status === 'failed' && [poor.code, poor.declineCode], ['card_declined', 'insufficient_funds']);
  });

  it("turns Stripe's authentication_required on a renewal into requires_action on the same PaymentIntent, with Stripe's page", async () => {
    const mark = standin.requests.length;
    const outcome = await stripe.charge(renewal('attempt-4', 'pm_card_authenticationRequired', null));
    assert.equal(outcome.status, 'requires_action');
    if (outcome.status !== 'requires_action') return;
    assert.deepEqual(since(mark), ['POST /v1/payment_intents', `POST /v1/payment_intents/${outcome.ref}/confirm`]);
    const confirm = last();
    assert.equal(confirm.idempotencyKey, 'attempt-4-authenticate');
    assert.deepEqual(confirm.params, { payment_method: 'pm_card_authenticationRequired', off_session: 'false', return_url: 'https://billing.example/invoices/in_1/pay' });
    assert.equal(outcome.actionUrl, `${standin.url}/3ds/${outcome.ref}`);
    assert.equal([...standin.objects.values()].filter((o) => o.metadata?.bursar_idempotency_key === 'attempt-4').length, 1);
    // The customer authenticates on Stripe's page and comes back: the same payment succeeded.
    standin.authenticate(outcome.ref, 'complete');
    assert.deepEqual(await stripe.chargeStatus(outcome.ref), { status: 'succeeded', ref: outcome.ref });
  });

  it('sends an on-session payer straight to authentication, and a failed authentication fails the charge', async () => {
    const outcome = await stripe.charge(renewal('attempt-5', 'pm_card_authenticationRequired', null, { offSession: false }));
    assert.equal(outcome.status, 'requires_action');
    if (outcome.status !== 'requires_action') return;
    assert.equal(last().path, '/v1/payment_intents');
    standin.authenticate(outcome.ref, 'fail');
    const after = await stripe.chargeStatus(outcome.ref);
    assert.deepEqual(after.status === 'failed' && [after.ref, after.code], [outcome.ref, 'payment_intent_authentication_failure']);
  });

  it('cancels a PaymentIntent awaiting authentication under its own key; canceled again is no error, one the customer completed first answers succeeded', async () => {
    const waiting = await stripe.charge(renewal('attempt-cancel-1', 'pm_card_authenticationRequired', null, { offSession: false }));
    assert.equal(waiting.status, 'requires_action');
    const ref = (waiting as { ref: string }).ref;
    assert.deepEqual(await stripe.cancelCharge(ref), { status: 'canceled' });
    assert.deepEqual([last().path, last().idempotencyKey, last().params], [`/v1/payment_intents/${ref}/cancel`, `${ref}-cancel`, { cancellation_reason: 'abandoned' }]);
    assert.equal(standin.objects.get(ref).status, 'canceled');
    assert.throws(() => standin.authenticate(ref, 'complete'), /is canceled/);
    assert.deepEqual(await stripe.cancelCharge(ref), { status: 'canceled' });

    const completed = await stripe.charge(renewal('attempt-cancel-2', 'pm_card_authenticationRequired', null, { offSession: false }));
    const paidRef = (completed as { ref: string }).ref;
    standin.authenticate(paidRef, 'complete');
    assert.deepEqual(await stripe.cancelCharge(paidRef), { status: 'succeeded', ref: paidRef });
    assert.equal(standin.objects.get(paidRef).status, 'succeeded');

    const faulty = await stripe.charge(renewal('attempt-cancel-3', 'pm_card_authenticationRequired', null, { offSession: false }));
    const faultyRef = (faulty as { ref: string }).ref;
    standin.failNext(1, { status: 500 });
    assert.equal((await stripe.cancelCharge(faultyRef)).status, 'unknown');
    assert.equal(standin.objects.get(faultyRef).status, 'requires_action');
  });

  it('refunds in part and then the rest as Stripe Refunds under their own keys; more than is left fails naming the amount', async () => {
    const paid = await stripe.charge(renewal('attempt-6', 'pm_card_visa', null));
    const ref = (paid as { ref: string }).ref;
    const part = await stripe.refund({ idempotencyKey: 'refund-1', paymentRef: ref, amount: 500, currency: 'eur', reason: 'requested_by_customer', metadata: { bursar_refund: 're_b1' } });
    assert.equal(part.status, 'succeeded');
    assert.deepEqual([last().path, last().idempotencyKey, last().params], ['/v1/refunds', 'refund-1', { payment_intent: ref, amount: '500', reason: 'requested_by_customer', metadata: { bursar_refund: 're_b1' } }]);
    // The same key again (an answer lost) is the same refund, not a second one.
    assert.deepEqual(await stripe.refund({ idempotencyKey: 'refund-1', paymentRef: ref, amount: 500, currency: 'eur', reason: 'requested_by_customer', metadata: { bursar_refund: 're_b1' } }), part);
    const rest = await stripe.refund({ idempotencyKey: 'refund-2', paymentRef: ref, amount: 1500, currency: 'eur', reason: null, metadata: { bursar_refund: 're_b2' } });
    assert.equal(rest.status, 'succeeded');
    assert.deepEqual(last().params, { payment_intent: ref, amount: '1500', metadata: { bursar_refund: 're_b2' } });
    assert.deepEqual(standin.lastEvent('charge.refunded').data.object, { ...standin.objects.get(standin.objects.get(ref).latest_charge) });
    const over = await stripe.refund({ idempotencyKey: 'refund-3', paymentRef: ref, amount: 1, currency: 'eur', reason: null, metadata: {} });
    assert.deepEqual(over.status === 'failed' && [over.ref, over.code], [null, 'charge_already_refunded']);
  });

  it('detaches a card at Stripe, and detaching it again is no error', async () => {
    const start = await stripe.startSetup({ idempotencyKey: 'setup-2', customerRef, successUrl: 'https://b.example/r', cancelUrl: 'https://b.example/c', metadata: {} });
    const { paymentMethod } = standin.completeSetup(start.ref);
    await stripe.detach(paymentMethod.id);
    assert.deepEqual([last().method, last().path], ['POST', `/v1/payment_methods/${paymentMethod.id}/detach`]);
    assert.equal(standin.objects.get(paymentMethod.id).customer, null);
    await stripe.detach(paymentMethod.id);
  });

  it('answers a Stripe fault on a call that moves no money with a clear 502, not a crash', async () => {
    standin.failNext(1, { status: 500 });
    await assert.rejects(stripe.ensureCustomer({ customer: 'cus_bursar2', email: null, name: null }, null), (e: Error) => e instanceof BursarError && e.status === 502 && /Stripe did not answer/.test(e.message));
  });
});

describe('a Stripe charge whose answer is lost', () => {
  const fixture = useStandin({ customer: 'cus_bursar2', email: null, name: null }, { timeoutMs: 300 });
  let standin: StripeStandin;
  let stripe: Processor;
  before(() => ({ standin, stripe } = fixture));

  const intentsOf = (key: string) => [...standin.objects.values()].filter((o) => o.object === 'payment_intent' && o.metadata.bursar_idempotency_key === key);

  it('is unknown after a timeout; reconciling finds the one PaymentIntent Stripe made, and sending the same key again makes none', async () => {
    standin.failNext(1, { delayMs: 1500 });
    const first = await stripe.charge(renewal('lost-1', 'pm_card_visa', null));
    assert.equal(first.status, 'unknown');
    assert.equal(intentsOf('lost-1').length, 1);
    const reconciled = await stripe.reconcileCharge(renewal('lost-1', 'pm_card_visa', null));
    assert.deepEqual(reconciled, { status: 'succeeded', ref: intentsOf('lost-1')[0].id });
    assert.deepEqual(standin.requests.at(-1)!.params, { query: "metadata['bursar_idempotency_key']:'lost-1'", limit: '1' });
    // Stripe replays the first answer to the same key: still one PaymentIntent.
    assert.deepEqual(await stripe.charge(renewal('lost-1', 'pm_card_visa', null)), reconciled);
    assert.equal(intentsOf('lost-1').length, 1);
    assert.deepEqual(standin.requests.filter((r) => r.path === '/v1/payment_intents').map((r) => r.idempotencyKey), ['lost-1', 'lost-1']);
  });

  it('is unknown after a 5xx (Stripe did nothing); reconciling charges once under the same key', async () => {
    standin.failNext(1, { status: 503 });
    assert.deepEqual(await stripe.charge(renewal('lost-2', 'pm_card_visa', null)), { status: 'unknown', reason: 'Stripe answered 503: An unknown error occurred' });
    assert.equal(intentsOf('lost-2').length, 0);
    const reconciled = await stripe.reconcileCharge(renewal('lost-2', 'pm_card_visa', null));
    assert.equal(reconciled.status, 'succeeded');
    assert.equal(intentsOf('lost-2').length, 1);
  });

  it('leaves a refund unknown after a 5xx; the same key again refunds once', async () => {
    const paid = (await stripe.charge(renewal('lost-4', 'pm_card_visa', null))) as { ref: string };
    const req = { idempotencyKey: 'refund-lost-1', paymentRef: paid.ref, amount: 700, currency: 'eur', reason: null, metadata: {} };
    standin.failNext(1, { status: 502 });
    assert.equal((await stripe.refund(req)).status, 'unknown');
    standin.failNext(1, { delayMs: 1500 });
    assert.equal((await stripe.refund(req)).status, 'unknown');
    assert.equal((await stripe.refund(req)).status, 'succeeded');
    assert.equal([...standin.objects.values()].filter((o) => o.object === 'refund' && o.payment_intent === paid.ref).length, 1);
    assert.equal(standin.objects.get(standin.objects.get(paid.ref).latest_charge).amount_refunded, 700);
  });

  it('reconciles a renewal that needed authentication into requires_action on its PaymentIntent', async () => {
    standin.failNext(1, { delayMs: 1500 });
    assert.equal((await stripe.charge(renewal('lost-3', 'pm_card_authenticationRequired', null))).status, 'unknown');
    const reconciled = await stripe.reconcileCharge(renewal('lost-3', 'pm_card_authenticationRequired', null));
    assert.deepEqual(reconciled.status === 'requires_action' && reconciled.ref, intentsOf('lost-3')[0].id);
    assert.equal(intentsOf('lost-3').length, 1);
  });
});
