import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('payment intents', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string, params?: Record<string, unknown>) => {
    const res = await get().call('GET', path, params && { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const openInvoice = async (card: string) => {
    const cus = await post('/v1/customers', {});
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 2500, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    return { cus, pm, invoice: await post(`/v1/invoices/${draft.id}/finalize`) };
  };
  const eventsSince = async (since: string | undefined) => {
    const list = await read('/v1/events', { limit: 100, ...(since && { ending_before: since }) });
    return list.data.reverse();
  };
  const lastEventId = async () => (await read('/v1/events', { limit: 1 })).data[0]?.id;

  it('pays an invoice as a payment intent with a charge and an invoice payment, each with its events', async () => {
    const { cus, pm, invoice } = await openInvoice('pm_card_visa');
    const before = await lastEventId();
    const paid = await post(`/v1/invoices/${invoice.id}/pay`, { expand: ['payments.data.payment.payment_intent'] });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.payments.object, 'list');
    assert.equal(paid.payments.url, `/v1/invoice_payments?invoice=${invoice.id}`);
    const [payment] = paid.payments.data;
    assert.deepEqual(
      [payment.object, payment.status, payment.amount_paid, payment.amount_requested, payment.invoice, payment.is_default],
      ['invoice_payment', 'paid', 2500, 2500, invoice.id, true],
    );
    const intent = payment.payment.payment_intent;
    intent.latest_charge = await read(`/v1/charges/${intent.latest_charge}`);
    assert.match(intent.id, /^pi_/);
    assert.deepEqual(
      [intent.status, intent.amount, intent.amount_received, intent.customer, intent.payment_method, intent.next_action, intent.last_payment_error],
      ['succeeded', 2500, 2500, cus.id, pm.id, null, null],
    );
    assert.match(intent.client_secret, new RegExp(`^${intent.id}_secret_[A-Za-z0-9_-]{24}$`));
    assert.deepEqual([intent.latest_charge.object, intent.latest_charge.status, intent.latest_charge.paid, intent.latest_charge.payment_intent], ['charge', 'succeeded', true, intent.id]);
    assert.equal(intent.latest_charge.payment_method_details.card.last4, '4242');
    const types = (await eventsSince(before)).map((e: any) => e.type);
    assert.deepEqual(types, ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'invoice_payment.paid', 'invoice.payment_succeeded', 'invoice.paid']);

    assert.deepEqual((await read(`/v1/invoice_payments/${payment.id}`)).payment, { type: 'payment_intent', payment_intent: intent.id });
    assert.deepEqual((await read('/v1/invoice_payments', { invoice: invoice.id })).data.map((p: any) => p.id), [payment.id]);
    assert.deepEqual((await read('/v1/payment_intents', { customer: cus.id })).data.map((p: any) => p.id), [intent.id]);
    assert.equal((await read(`/v1/charges/${intent.latest_charge.id}`)).amount_captured, 2500);
    // Shown only when expanded, as in Stripe.
    assert.equal((await read(`/v1/invoices/${invoice.id}`)).payments, undefined);
  });

  it('keeps a decline on the intent as its last payment error, with charge.failed', async () => {
    const { pm, invoice } = await openInvoice('pm_card_chargeCustomerFail');
    const before = await lastEventId();
    assert.equal((await get().call('POST', `/v1/invoices/${invoice.id}/pay`)).status, 402);
    const [payment] = (await read('/v1/invoice_payments', { invoice: invoice.id })).data;
    assert.equal(payment.status, 'open');
    const intent = await read(`/v1/payment_intents/${payment.payment.payment_intent}`, { expand: ['latest_charge'] });
    assert.equal(intent.status, 'requires_payment_method');
    assert.deepEqual(
      [intent.last_payment_error.type, intent.last_payment_error.code, intent.last_payment_error.decline_code, intent.last_payment_error.payment_method.id, intent.last_payment_error.charge],
      ['card_error', 'card_declined', 'generic_decline', pm.id, intent.latest_charge.id],
    );
    assert.deepEqual([intent.latest_charge.status, intent.latest_charge.failure_code], ['failed', 'card_declined']);
    assert.deepEqual((await eventsSince(before)).map((e: any) => e.type), ['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed', 'invoice.payment_failed']);
  });

  it('answers a card that needs authentication with Stripe\'s requires_action error, then confirms with another card', async () => {
    const { cus, invoice } = await openInvoice('pm_card_authenticationRequired');
    const before = await lastEventId();
    const res = await get().call('POST', `/v1/invoices/${invoice.id}/pay`);
    assert.equal(res.status, 402);
    const { error } = res.body;
    assert.deepEqual([error.type, error.code], ['card_error', 'invoice_payment_intent_requires_action']);
    const intent = error.payment_intent;
    assert.equal(intent.status, 'requires_action');
    assert.equal(intent.next_action.type, 'redirect_to_url');
    assert.match(intent.next_action.redirect_to_url.url, /\/test-challenge\/tch_[0-9a-f]{24}_visa_3184_3ds\/[A-Za-z0-9_-]{43}$/);
    assert.equal(intent.next_action.redirect_to_url.return_url, invoice.hosted_invoice_url);
    assert.deepEqual([(await read(`/v1/invoices/${invoice.id}`)).status, intent.latest_charge], ['open', null]);
    assert.deepEqual((await eventsSince(before)).map((e: any) => e.type), ['payment_intent.created', 'payment_intent.requires_action', 'invoice.payment_action_required']);
    assert.deepEqual(await read(`/v1/payment_intents/${intent.id}`), intent);

    const visa = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const confirmed = await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: visa.id });
    assert.deepEqual([confirmed.status, confirmed.next_action, confirmed.payment_method], ['succeeded', null, visa.id]);
    assert.equal((await read(`/v1/invoices/${invoice.id}`)).status, 'paid');
    assertApiError(await get().call('POST', `/v1/payment_intents/${intent.id}/confirm`), {
      status: 400, type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'You cannot confirm this PaymentIntent because it has a status of succeeded.',
    });
  });

  it('replaces a payment awaiting authentication when the invoice is paid with another card: the old challenge link no longer completes it', async () => {
    const { cus, invoice } = await openInvoice('pm_card_authenticationRequired');
    const waiting = (await get().call('POST', `/v1/invoices/${invoice.id}/pay`)).body.error.payment_intent;
    const link = new URL(waiting.next_action.redirect_to_url.url).pathname;
    assert.equal((await get().app.request(link)).status, 200);
    const visa = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const paid = await post(`/v1/invoices/${invoice.id}/pay`, { payment_method: visa.id });
    assert.deepEqual([paid.status, paid.amount_paid], ['paid', 2500]);

    assert.equal((await get().app.request(link)).status, 404);
    const late = await get().app.request(link, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }) });
    assert.equal(late.status, 404);
    const charges = await get().storage.db.selectFrom('charges').select(['status', 'check_after']).where('invoice', '=', invoice.id).orderBy('seq').execute();
    assert.deepEqual(charges, [{ status: 'superseded', check_after: null }, { status: 'succeeded', check_after: null }]);
    const succeeded = (await read('/v1/events', { type: 'invoice.payment_succeeded', limit: 100 })).data.filter((e: any) => e.data.object.id === invoice.id);
    assert.equal(succeeded.length, 1);
  });

  it('confirms with a declining card as Stripe does: a card error carrying the intent', async () => {
    const { cus, invoice } = await openInvoice('pm_card_authenticationRequired');
    const intent = (await get().call('POST', `/v1/invoices/${invoice.id}/pay`)).body.error.payment_intent;
    const poor = await post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: cus.id });
    const res = await get().call('POST', `/v1/payment_intents/${intent.id}/confirm`, { params: { payment_method: poor.id } });
    assert.equal(res.status, 402);
    assert.deepEqual([res.body.error.code, res.body.error.decline_code, res.body.error.payment_intent.status], ['card_declined', 'generic_decline', 'requires_payment_method']);
  });

  it('gives a default_incomplete subscription a confirmation secret to pay its first invoice with', async () => {
    const cus = await post('/v1/customers', {});
    const price = await post('/v1/prices', { currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice.confirmation_secret', 'latest_invoice.payments'] });
    assert.equal(sub.status, 'incomplete');
    const secret = sub.latest_invoice.confirmation_secret;
    assert.equal(secret.type, 'payment_intent');
    const intentId = sub.latest_invoice.payments.data[0].payment.payment_intent;
    const intent = await read(`/v1/payment_intents/${intentId}`);
    assert.deepEqual([intent.status, intent.amount, secret.client_secret], ['requires_payment_method', 1200, intent.client_secret]);
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    assert.equal((await post(`/v1/payment_intents/${intentId}/confirm`, { payment_method: pm.id })).status, 'succeeded');
    assert.equal((await read(`/v1/subscriptions/${sub.id}`)).status, 'active');
    const draft = await post('/v1/invoices', { customer: cus.id });
    assert.equal((await read(`/v1/invoices/${draft.id}`, { expand: ['confirmation_secret'] })).confirmation_secret, null);
  });

  it('cancels an invoice\'s intent with the invoice, and refuses to cancel it alone', async () => {
    const { invoice } = await openInvoice('pm_card_authenticationRequired');
    const intent = (await get().call('POST', `/v1/invoices/${invoice.id}/pay`)).body.error.payment_intent;
    const refused = await get().call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'payment_intent_unexpected_state']);
    await post(`/v1/invoices/${invoice.id}/void`);
    const canceled = await read(`/v1/payment_intents/${intent.id}`);
    assert.deepEqual([canceled.status, canceled.cancellation_reason, canceled.next_action], ['canceled', 'void_invoice', null]);
  });

  it('refuses unknown ids and filters naming their parameter', async () => {
    assertApiError(await get().call('GET', '/v1/payment_intents/pi_missing'), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: "No such payment_intent: 'pi_missing'" });
    assertApiError(await get().call('GET', '/v1/invoice_payments', { params: { invoice: 'in_missing' } }), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'invoice', message: "No such invoice: 'in_missing'" });
    assert.equal((await get().call('GET', '/v1/payment_intents', { params: { customer: 'cus_missing' } })).body.error.param, 'customer');
    assert.equal((await get().call('GET', '/v1/invoices/in_x', { params: { expand: ['payments.data.nope'] } })).status, 400);
  });
});
