import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { chargesOfInvoice, insertCharge } from '../payment-intents/repository.ts';

describeEachEngine('invoice payments', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const openInvoice = async (card?: string) => {
    const cus = await post('/v1/customers', {});
    let pm: any;
    if (card) {
      pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
      await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    }
    await post('/v1/invoiceitems', { customer: cus.id, amount: 2500, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    return { cus, pm, invoice: await post(`/v1/invoices/${draft.id}/finalize`) };
  };
  const eventTypes = async (id: string) => {
    const list = (await get().call('GET', '/v1/events', { params: { limit: 100 } })).body;
    return list.data.filter((e: any) => e.data.object.id === id).map((e: any) => e.type).reverse();
  };

  it('keeps a declined invoice open with the attempt counted, then takes payment from a new card', async () => {
    const api = get();
    const { cus, pm, invoice } = await openInvoice('pm_card_chargeCustomerFail');
    const declined = await api.call('POST', `/v1/invoices/${invoice.id}/pay`);
    assertApiError(declined, {
      status: 402, type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_method: pm,
    });
    const after = (await api.call('GET', `/v1/invoices/${invoice.id}`)).body;
    assert.deepEqual([after.status, after.attempt_count, after.attempted, after.amount_paid], ['open', 1, true, 0]);
    assert.deepEqual(await eventTypes(invoice.id), ['invoice.created', 'invoice.finalized', 'invoice.payment_failed']);

    const visa = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const paid = await post(`/v1/invoices/${invoice.id}/pay`, { payment_method: visa.id });
    assert.deepEqual([paid.status, paid.attempt_count, paid.amount_paid, paid.amount_remaining], ['paid', 2, 2500, 0]);
    assert.deepEqual(await eventTypes(invoice.id), ['invoice.created', 'invoice.finalized', 'invoice.payment_failed', 'invoice.payment_succeeded', 'invoice.paid']);
    const payments = await chargesOfInvoice(api.storage.db, api.ctx().scope, invoice.id);
    assert.deepEqual(payments.map((p) => [p.status, p.payment_method, p.amount, p.decline_code]), [
      ['failed', pm.id, 2500, 'generic_decline'],
      ['succeeded', visa.id, 2500, null],
    ]);
    const again = await api.call('POST', `/v1/invoices/${invoice.id}/pay`);
    assertApiError(again, {
      status: 400, type: 'invalid_request_error', code: 'invoice_unexpected_state', message: `Invoice ${invoice.id} is paid; only an open or uncollectible invoice can be paid.`,
    });
  });

  it('pays an uncollectible invoice, and refuses one without any payment method', async () => {
    const api = get();
    const bare = await openInvoice();
    const none = await api.call('POST', `/v1/invoices/${bare.invoice.id}/pay`);
    assert.equal(none.status, 400);
    assert.equal(none.body.error.param, 'payment_method');
    const { invoice } = await openInvoice('pm_card_visa');
    await post(`/v1/invoices/${invoice.id}/mark_uncollectible`);
    const paid = await post(`/v1/invoices/${invoice.id}/pay`, { expand: ['customer', 'default_payment_method'] });
    assert.deepEqual([paid.status, paid.customer.object, paid.default_payment_method], ['paid', 'customer', null]);
  });

  it('charges once when many pay requests race', async () => {
    const api = get();
    const { invoice } = await openInvoice('pm_card_visa');
    const results = await Promise.all(Array.from({ length: 6 }, () => api.call('POST', `/v1/invoices/${invoice.id}/pay`)));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400, 400, 400]);
    const payments = await chargesOfInvoice(api.storage.db, api.ctx().scope, invoice.id);
    assert.deepEqual(payments.map((p) => p.status), ['succeeded']);
    assert.deepEqual(await eventTypes(invoice.id), ['invoice.created', 'invoice.finalized', 'invoice.payment_succeeded', 'invoice.paid']);
  });

  it('cannot hold a second succeeded charge for one invoice, whatever writes it', async () => {
    const api = get();
    const { invoice } = await openInvoice('pm_card_visa');
    await post(`/v1/invoices/${invoice.id}/pay`);
    const { scope } = api.ctx();
    const [paid] = await chargesOfInvoice(api.storage.db, scope, invoice.id);
    const row = {
      id: 'ch_manual', project_id: scope.projectId, livemode: 0, invoice: invoice.id, payment_intent: paid!.payment_intent, amount: 2500, currency: 'usd',
      payment_method: null, status: 'succeeded', idempotency_key: 'manual', processor: 'test', off_session: 1, created: api.clock.now(), metadata: '{}',
    };
    await assert.rejects(insertCharge(api.storage.db, row), /unique|UNIQUE/);
    await insertCharge(api.storage.db, { ...row, id: 'ch_failed', idempotency_key: 'manual-2', status: 'failed' });
  });

  it('replays a declined payment under its Idempotency-Key without charging again', async () => {
    const api = get();
    const { invoice } = await openInvoice('pm_card_chargeCustomerFail');
    const headers = { 'idempotency-key': `pay-${invoice.id}` };
    const first = await api.call('POST', `/v1/invoices/${invoice.id}/pay`, { headers });
    const replay = await api.call('POST', `/v1/invoices/${invoice.id}/pay`, { headers });
    assert.equal(first.status, 402);
    assert.deepEqual([replay.status, replay.body, replay.headers.get('idempotent-replayed')], [402, first.body, 'true']);
    assert.equal((await chargesOfInvoice(api.storage.db, api.ctx().scope, invoice.id)).length, 1);
    assert.equal((await api.call('GET', `/v1/invoices/${invoice.id}`)).body.attempt_count, 1);
  });
});
