import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine("disputes of the test gateway's dispute cards", createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string, params?: Record<string, unknown>) => (await get().call('GET', path, params && { params })).body;
  const paid = async (card: string) => {
    const cus = await post('/v1/customers', {});
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 2600, currency: 'eur' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await post(`/v1/invoices/${draft.id}/finalize`);
    const inv = await post(`/v1/invoices/${draft.id}/pay`, { expand: ['payments.data.payment.payment_intent'] });
    return inv.payments.data[0].payment.payment_intent;
  };

  it('a charge on pm_card_createDispute succeeds and draws a fraudulent dispute at once: the charge cannot be refunded', async () => {
    const intent = await paid('pm_card_createDispute');
    const { data } = await read('/v1/disputes', { payment_intent: intent.id });
    assert.equal(data.length, 1);
    const [dispute] = data;
    assert.deepEqual(
      [dispute.object, dispute.amount, dispute.currency, dispute.charge, dispute.payment_intent, dispute.reason, dispute.status, dispute.is_charge_refundable, dispute.evidence.receipt],
      ['dispute', 2600, 'eur', intent.latest_charge, intent.id, 'fraudulent', 'needs_response', false, null],
    );
    assert.deepEqual(await read(`/v1/disputes/${dispute.id}`), dispute);
    assert.equal((await read(`/v1/charges/${intent.latest_charge}`)).disputed, true);
    const [event] = (await read('/v1/events', { type: 'charge.dispute.created', limit: 1 })).data;
    assert.equal(event.data.object.id, dispute.id);
    assertApiError(await get().call('POST', '/v1/refunds', { params: { payment_intent: intent.id } }), {
      status: 400, type: 'invalid_request_error', code: 'charge_disputed', param: 'charge', message: `Charge ${intent.latest_charge} has been charged back; cannot issue a refund.`,
    });
  });

  it('an inquiry (pm_card_createDisputeInquiry) is no chargeback: the charge can still be refunded', async () => {
    const intent = await paid('pm_card_createDisputeInquiry');
    const [dispute] = (await read('/v1/disputes', { charge: intent.latest_charge })).data;
    assert.deepEqual([dispute.status, dispute.is_charge_refundable, dispute.payment_method_details.card.case_type], ['warning_needs_response', true, 'inquiry']);
    assert.equal((await post('/v1/refunds', { payment_intent: intent.id })).status, 'succeeded');
    const plain = await paid('pm_card_visa');
    assert.deepEqual((await read('/v1/disputes', { charge: plain.latest_charge })).data, []);
    assertApiError(await get().call('GET', '/v1/disputes/dp_missing'), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: "No such dispute: 'dp_missing'" });
  });
});
