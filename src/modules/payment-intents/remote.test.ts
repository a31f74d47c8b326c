import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertApiError } from '../../../test/support/assertions.ts';
import { createRemoteApi } from '../../../test/support/remote-processor.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { callRecordedAttempt } from './attempt.ts';
import { chargesOfInvoice } from './repository.ts';
import { applyPaymentEvent } from './processor-outcome.ts';
import { runDueWork } from '../../jobs/due-work.ts';
import { silentLogger } from '../../../test/support/api.ts';
import { processorCustomerRef } from '../processor-customers/service.ts';

describeEachEngine('charging through a remote processor', createRemoteApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string) => (await get().call('GET', path)).body;
  const openInvoice = async (card: string) => {
    const cus = await post('/v1/customers', {});
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 4200, currency: 'eur' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    return { cus, pm, invoice: await post(`/v1/invoices/${draft.id}/finalize`) };
  };
  const fresh = () => {
    const { remote } = get();
    remote.calls.length = 0;
    remote.seenStatus.length = 0;
    return remote;
  };
  const attempts = async (invoice: string) => chargesOfInvoice(get().storage.db, get().ctx().scope, invoice);

  it('calls the processor only after the attempt committed, and pays the invoice with its answer', async () => {
    const remote = fresh();
    const { invoice } = await openInvoice('pm_card_visa');
    const paid = await post(`/v1/invoices/${invoice.id}/pay`);
    assert.deepEqual([paid.status, paid.amount_paid, paid.attempt_count], ['paid', 4200, 1]);
    const [attempt] = await attempts(invoice.id);
    assert.deepEqual(remote.calls, [{ call: 'charge', key: attempt!.idempotency_key, offSession: true }]);
    assert.deepEqual(remote.seenStatus, ['pending']);
    assert.deepEqual([attempt!.status, attempt!.processor, attempt!.check_after], ['succeeded', 'stripe', null]);
  });

  it("names the processor's customer the card is saved with, and makes none while charging", async () => {
    const remote = fresh();
    const kept = await openInvoice('pm_card_visa');
    const ref = await processorCustomerRef(get().ctx(), remote, kept.cus.id);
    const made = remote.customersMade;
    await post(`/v1/invoices/${kept.invoice.id}/pay`);
    const none = await openInvoice('pm_card_visa');
    await post(`/v1/invoices/${none.invoice.id}/pay`);
    const [keptAttempt] = await attempts(kept.invoice.id);
    const [noneAttempt] = await attempts(none.invoice.id);
    assert.match(ref, /^tcus_/);
    assert.equal(remote.customersMade, made, 'no customer is made at the processor while charging');
    assert.deepEqual([remote.customerRefs.get(keptAttempt!.idempotency_key), remote.customerRefs.get(noneAttempt!.idempotency_key)], [ref, null]);
  });

  it('answers a decline and an authentication as the test gateway does, after commit', async () => {
    fresh();
    const declined = await openInvoice('pm_card_chargeCustomerFail');
    assertApiError(await get().call('POST', `/v1/invoices/${declined.invoice.id}/pay`), {
      status: 402, type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_method: declined.pm,
    });
    assert.deepEqual([(await read(`/v1/invoices/${declined.invoice.id}`)).status, (await read(`/v1/invoices/${declined.invoice.id}`)).attempt_count], ['open', 1]);

    const sca = await openInvoice('pm_card_authenticationRequired');
    const res = await get().call('POST', `/v1/invoices/${sca.invoice.id}/pay`);
    assert.deepEqual([res.status, res.body.error.code, res.body.error.payment_intent.status], [402, 'invoice_payment_intent_requires_action', 'requires_action']);
    assert.match(res.body.error.payment_intent.next_action.redirect_to_url.url, /\/test-challenge\//);
  });

  it('charges once when the answer is lost: the attempt waits, is asked about again with the same key, and pays', async () => {
    const remote = fresh();
    const { invoice } = await openInvoice('pm_card_visa');
    const taken = remote.payments.size;
    remote.loseAnswers = 1;
    const waiting = await post(`/v1/invoices/${invoice.id}/pay`, { expand: ['payments.data.payment.payment_intent'] });
    assert.equal(waiting.status, 'open');
    assert.equal(waiting.payments.data[0].payment.payment_intent.status, 'processing');
    const [attempt] = await attempts(invoice.id);
    assert.equal(attempt!.status, 'unknown');
    assert.ok(attempt!.check_after !== null);
    // A second request does not start another charge beside the one whose outcome is unknown.
    assertApiError(await get().call('POST', `/v1/invoices/${invoice.id}/pay`), {
      status: 400, type: 'invalid_request_error', code: 'invoice_payment_in_progress', message: `Invoice ${invoice.id} has a payment in progress; its outcome is being confirmed with the payment processor.`,
    });
    const settled = await callRecordedAttempt(get().ctx(), attempt!.id, 'reconcileCharge');
    assert.equal(settled.outcome.status, 'succeeded');
    assert.equal((await read(`/v1/invoices/${invoice.id}`)).status, 'paid');
    assert.deepEqual(remote.calls.map((c) => [c.call, c.key]), [['charge', attempt!.idempotency_key], ['reconcileCharge', attempt!.idempotency_key]]);
    assert.equal(remote.payments.size, taken + 1);
  });

  it("records a replaced payment the processor took while the new one was in flight: it pays the invoice, and the new one is credited to the customer's balance", async () => {
    const remote = fresh();
    const { cus, invoice } = await openInvoice('pm_card_authenticationRequired');
    assert.equal((await get().call('POST', `/v1/invoices/${invoice.id}/pay`)).status, 402);
    const visa = await post(`/v1/payment_methods/pm_card_visa/attach`, { customer: cus.id });
    remote.loseAnswers = 1;
    assert.equal((await post(`/v1/invoices/${invoice.id}/pay`, { payment_method: visa.id })).status, 'open');
    const [old, replacing] = await attempts(invoice.id);
    assert.deepEqual([old!.status, old!.check_after, replacing!.status], ['superseded', null, 'unknown']);

    // The customer had completed the old page: the processor says so before the new answer is known.
    const event = { eventId: 'evt_old_paid', created: get().clock.now(), type: 'payment.succeeded' as const, paymentRef: old!.processor_ref!, amount: 4200, currency: 'eur', metadata: { bursar_charge: old!.id } };
    assert.equal((await applyPaymentEvent(get().ctx(), event))?.applied, true);
    assert.deepEqual([(await read(`/v1/invoices/${invoice.id}`)).status, (await read(`/v1/charges/${old!.id}`)).status], ['paid', 'succeeded']);

    const settled = await callRecordedAttempt(get().ctx(), replacing!.id, 'reconcileCharge');
    assert.deepEqual([settled.applied, settled.charge.status], [true, 'overpaid']);
    const charge = await read(`/v1/charges/${replacing!.id}`);
    assert.deepEqual([charge.status, charge.paid], ['succeeded', true]);
    const credit = (await read(`/v1/customers/${cus.id}/balance_transactions`)).data;
    assert.deepEqual(credit.map((t: any) => [t.type, t.amount, t.invoice]), [['invoice_overpaid', -4200, invoice.id]]);
    const after = await read(`/v1/invoices/${invoice.id}`);
    assert.deepEqual([after.status, after.amount_paid], ['paid', 4200]);
    assert.equal((await applyPaymentEvent(get().ctx(), event))?.applied, false, 'the same event again changes nothing');
  });

  it('applies a processor\'s payment event once, however often it comes', async () => {
    fresh();
    const { invoice } = await openInvoice('pm_card_authenticationRequired');
    await get().call('POST', `/v1/invoices/${invoice.id}/pay`);
    const [attempt] = await attempts(invoice.id);
    const event = { eventId: 'evt_remote_1', created: 1, type: 'payment.succeeded' as const, paymentRef: attempt!.processor_ref!, amount: 4200, currency: 'eur', metadata: {} };
    const first = await applyPaymentEvent(get().ctx(), event);
    const again = await applyPaymentEvent(get().ctx(), event);
    assert.deepEqual([first?.applied, again?.applied], [true, false]);
    const events = (await get().call('GET', '/v1/events', { params: { type: 'invoice.paid' } })).body.data.filter((e: any) => e.data.object.id === invoice.id);
    assert.equal(events.length, 1);
    assert.equal((await read(`/v1/invoices/${invoice.id}`)).status, 'paid');
    assert.equal(await applyPaymentEvent(get().ctx(), { ...event, paymentRef: 'ch_not_ours' }), null);
  });

  it('starts a subscription once the processor answers: active when paid, incomplete when the card asks for authentication', async () => {
    fresh();
    const price = await post('/v1/prices', { currency: 'eur', unit_amount: 900, recurring: { interval: 'month' }, product_data: { name: 'Remote' } });
    const start = async (card: string) => {
      const cus = await post('/v1/customers', {});
      const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
      return post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], default_payment_method: pm.id, expand: ['latest_invoice'] });
    };
    const paid = await start('pm_card_visa');
    assert.deepEqual([paid.status, paid.latest_invoice.status], ['active', 'paid']);
    const sca = await start('pm_card_authenticationRequired');
    assert.deepEqual([sca.status, sca.latest_invoice.status], ['incomplete', 'open']);

    // error_if_incomplete: the commit made the subscription; a decline after it ends it at once and answers 402.
    const cus = await post('/v1/customers', {});
    const poor = await post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: cus.id });
    const refused = await get().call('POST', '/v1/subscriptions', { params: { customer: cus.id, items: [{ price: price.id }], default_payment_method: poor.id, payment_behavior: 'error_if_incomplete' } });
    assert.deepEqual([refused.status, refused.body.error.code, refused.body.error.decline_code], [402, 'card_declined', 'generic_decline']);
    const [ended] = (await get().call('GET', '/v1/subscriptions', { params: { customer: cus.id, status: 'all' } })).body.data;
    assert.deepEqual([ended.status, (await read(`/v1/invoices/${ended.latest_invoice}`)).status], ['incomplete_expired', 'void']);
  });

  it('renews through the due-work loop: the charge is made after the renewal commits, a decline makes it past_due', async () => {
    const remote = fresh();
    const price = await post('/v1/prices', { currency: 'eur', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Loop' } });
    const start = async () => {
      const cus = await post('/v1/customers', {});
      const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
      await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
      return { cus, sub: await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] }) };
    };
    const paying = await start();
    const failing = await start();
    const poor = await post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: failing.cus.id });
    await post(`/v1/customers/${failing.cus.id}`, { invoice_settings: { default_payment_method: poor.id } });
    get().clock.advance(32 * 86_400);
    remote.seenStatus.length = 0;
    const result = await runDueWork({ db: get().storage.db, clock: get().clock, logger: silentLogger, payments: { makeProcessor: () => remote } });
    assert.equal(result.failed.length, 0);
    // Every renewal due (earlier tests' subscriptions too) found its attempt committed before the call.
    assert.ok(remote.seenStatus.length >= 2 && remote.seenStatus.every((seen) => seen === 'pending'), String(remote.seenStatus));
    const after = async (id: string) => (await get().call('GET', `/v1/subscriptions/${id}`, { params: { expand: ['latest_invoice'] } })).body;
    const ok = await after(paying.sub.id);
    assert.deepEqual([ok.status, ok.latest_invoice.billing_reason, ok.latest_invoice.status], ['active', 'subscription_cycle', 'paid']);
    // It never looked past_due while its charge was on its way.
    const updates = (await get().call('GET', '/v1/events', { params: { type: 'customer.subscription.updated', limit: 100 } })).body.data.filter((e: any) => e.data.object.id === paying.sub.id);
    assert.ok(updates.every((e: any) => e.data.object.status === 'active'));
    const declined = await after(failing.sub.id);
    assert.deepEqual([declined.status, declined.latest_invoice.status, declined.latest_invoice.attempt_count], ['past_due', 'open', 1]);
    assert.ok(declined.latest_invoice.next_payment_attempt > get().clock.now());
  });
});
