import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('refunds', createTestApi, (get) => {
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
  const paidCharge = async (card = 'pm_card_visa', amount = 3000) => {
    const cus = await post('/v1/customers', {});
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
    await post('/v1/invoiceitems', { customer: cus.id, amount, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await post(`/v1/invoices/${draft.id}/finalize`);
    const paid = await post(`/v1/invoices/${draft.id}/pay`, { expand: ['payments.data.payment.payment_intent'] });
    const intent = paid.payments.data[0].payment.payment_intent;
    return { cus, intent, charge: intent.latest_charge as string };
  };
  const eventsSince = async (since: string | undefined) => {
    const list = await read('/v1/events', { limit: 100, ...(since && { ending_before: since }) });
    return list.data.reverse().map((e: { type: string; data: { object: { id: string } } }) => [e.type, e.data.object.id]);
  };
  const lastEventId = async () => (await read('/v1/events', { limit: 1 })).data[0]?.id;

  it('refunds part of a charge, then the rest by its payment intent, and the charge shows what was refunded', async () => {
    const { cus, intent, charge } = await paidCharge();
    const before = await lastEventId();
    const part = await post('/v1/refunds', { charge, amount: 1000, reason: 'requested_by_customer', metadata: { ticket: 'T-1' } });
    assert.match(part.id, /^re_/);
    assert.deepEqual(
      [part.object, part.amount, part.currency, part.charge, part.payment_intent, part.customer, part.status, part.reason, part.metadata, part.balance_transaction],
      ['refund', 1000, 'usd', charge, intent.id, cus.id, 'succeeded', 'requested_by_customer', { ticket: 'T-1' }, null],
    );
    const halfway = await read(`/v1/charges/${charge}`);
    assert.deepEqual([halfway.amount_refunded, halfway.refunded, halfway.refunds], [1000, false, undefined]);
    assert.deepEqual(await eventsSince(before), [['refund.created', part.id], ['charge.refunded', charge]]);

    const rest = await post('/v1/refunds', { payment_intent: intent.id });
    assert.deepEqual([rest.amount, rest.status, rest.reason], [2000, 'succeeded', null]);
    const full = await read(`/v1/charges/${charge}`, { expand: ['refunds'] });
    assert.deepEqual([full.amount_refunded, full.refunded], [3000, true]);
    assert.deepEqual([full.refunds.object, full.refunds.url, full.refunds.data.map((r: { id: string }) => r.id)], ['list', `/v1/charges/${charge}/refunds`, [rest.id, part.id]]);

    assertApiError(await get().call('POST', '/v1/refunds', { params: { charge } }), {
      status: 400, type: 'invalid_request_error', code: 'charge_already_refunded', param: 'charge', message: `Charge ${charge} has already been refunded.`,
    });
    assert.equal((await read(`/v1/refunds/${part.id}`, { expand: ['charge'] })).charge.amount_refunded, 3000);
  });

  it('refuses more than is left, a charge that did not succeed, and neither a charge nor an intent', async () => {
    const { charge } = await paidCharge('pm_card_visa', 1500);
    await post('/v1/refunds', { charge, amount: 500 });
    assertApiError(await get().call('POST', '/v1/refunds', { params: { charge, amount: 1001 } }), {
      status: 400, type: 'invalid_request_error', param: 'amount', message: `Refund amount (1001) is greater than what is left to refund on charge ${charge} (1000).`,
    });
    assert.equal((await read(`/v1/charges/${charge}`)).amount_refunded, 500);

    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: cus.id });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 900, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await post(`/v1/invoices/${draft.id}/finalize`);
    await get().call('POST', `/v1/invoices/${draft.id}/pay`);
    const intent = (await read('/v1/payment_intents', { customer: cus.id })).data[0];
    assertApiError(await get().call('POST', '/v1/refunds', { params: { charge: intent.latest_charge } }), {
      status: 400, type: 'invalid_request_error', param: 'charge', message: `Charge ${intent.latest_charge} has not succeeded: there is nothing to refund.`,
    });
    const invalid = { status: 400, type: 'invalid_request_error' };
    assertApiError(await get().call('POST', '/v1/refunds', { params: { payment_intent: intent.id } }), {
      ...invalid, param: 'payment_intent', message: `PaymentIntent ${intent.id} has a status of requires_payment_method: only a succeeded payment can be refunded.`,
    });
    assertApiError(await get().call('POST', '/v1/refunds', { params: { amount: 100 } }), { ...invalid, param: 'charge', message: 'One of `charge` or `payment_intent` is required.' });
    assertApiError(await get().call('POST', '/v1/refunds', { params: { charge: 'ch_nope' } }), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'charge', message: "No such charge: 'ch_nope'" });
    assertApiError(await get().call('POST', '/v1/refunds', { params: { charge, reason: 'changed_mind' } }), { ...invalid, code: 'parameter_invalid', param: 'reason', message: /reason/ });
    assertApiError(await get().call('POST', '/v1/refunds', { params: { charge, amount: 0 } }), { ...invalid, code: 'parameter_invalid', param: 'amount', message: /amount/ });
  });

  it("records a refund the card's bank refuses as failed, and gives its amount back to the charge", async () => {
    const { charge } = await paidCharge('pm_card_refundFail', 1200);
    const before = await lastEventId();
    const failed = await post('/v1/refunds', { charge });
    assert.deepEqual([failed.status, failed.failure_reason, failed.amount], ['failed', 'expired_or_canceled_card', 1200]);
    assert.deepEqual([(await read(`/v1/charges/${charge}`)).amount_refunded, (await read(`/v1/charges/${charge}`)).refunded], [0, false]);
    assert.deepEqual(await eventsSince(before), [['refund.created', failed.id], ['refund.failed', failed.id]]);
  });

  it('updates metadata, lists by charge, payment intent and created, and refuses to cancel a refund that needs no action', async () => {
    const first = await paidCharge();
    const second = await paidCharge();
    const a = await post('/v1/refunds', { charge: first.charge, amount: 100 });
    get().clock.advance(60);
    const b = await post('/v1/refunds', { charge: first.charge, amount: 200 });
    const c = await post('/v1/refunds', { charge: second.charge, amount: 300 });
    const before = await lastEventId();
    const updated = await post(`/v1/refunds/${a.id}`, { metadata: { note: 'late' } });
    assert.deepEqual(updated.metadata, { note: 'late' });
    const [event] = (await read('/v1/events', { limit: 1, ending_before: before })).data;
    assert.deepEqual([event.type, event.data.previous_attributes], ['refund.updated', { metadata: { note: null } }]);

    const ids = (list: { data: { id: string }[] }) => list.data.map((r) => r.id);
    assert.deepEqual(ids(await read('/v1/refunds', { charge: first.charge })), [b.id, a.id]);
    assert.deepEqual(ids(await read('/v1/refunds', { payment_intent: second.intent.id })), [c.id]);
    assert.deepEqual(ids(await read('/v1/refunds', { created: { lt: b.created }, limit: 100 })).includes(b.id), false);
    assert.deepEqual(ids(await read('/v1/refunds', { limit: 2 })), [c.id, b.id]);
    assertApiError(await get().call('GET', '/v1/refunds', { params: { charge: 'ch_missing' } }), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'charge', message: "No such charge: 'ch_missing'" });

    assertApiError(await get().call('POST', `/v1/refunds/${a.id}/cancel`), {
      status: 400, type: 'invalid_request_error', code: 'refund_unexpected_state', message: `You can only cancel a refund with a status of requires_action; refund ${a.id} has a status of succeeded.`,
    });
    assertApiError(await get().call('GET', '/v1/refunds/re_missing'), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: "No such refund: 're_missing'" });
  });
});
