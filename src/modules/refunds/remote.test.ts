import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteApi } from '../../../test/support/remote-processor.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { reconcilePayments } from '../../jobs/reconcile-payments.ts';
import { silentLogger } from '../../../test/support/api.ts';

describeEachEngine('refunding through a remote processor', createRemoteApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string, params?: Record<string, unknown>) => (await get().call('GET', path, params && { params })).body;
  const paidCharge = async () => {
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 5000, currency: 'eur' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await post(`/v1/invoices/${draft.id}/finalize`);
    await post(`/v1/invoices/${draft.id}/pay`);
    return (await read('/v1/payment_intents', { customer: cus.id })).data[0].latest_charge as string;
  };
  const refundRow = (id: string) => get().storage.db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const reconcile = () => reconcilePayments({ db: get().storage.db, clock: get().clock, logger: silentLogger, payments: { makeProcessor: () => get().remote } });

  it('asks the processor only after the refund committed, with the refund\'s own key, and answers what it said', async () => {
    const charge = await paidCharge();
    const remote = get().remote;
    remote.calls.length = 0;
    remote.seenStatus.length = 0;
    const refund = await post('/v1/refunds', { charge, amount: 1200 });
    assert.equal(refund.status, 'succeeded');
    const row = await refundRow(refund.id);
    assert.deepEqual(remote.calls, [{ call: 'refund', key: row.idempotency_key, offSession: true }]);
    assert.deepEqual(remote.seenStatus, ['recorded']);
    assert.deepEqual([row.processor, row.check_after, row.processor_ref?.startsWith('tre_')], ['stripe', null, true]);
    const events = (await read('/v1/events', { limit: 4 })).data.reverse().map((e: { type: string }) => e.type);
    assert.deepEqual(events, ['refund.created', 'refund.updated', 'charge.refund.updated', 'charge.refunded']);
  });

  it('refunds once when the answer is lost: the refund waits as pending, is asked about again with the same key, and succeeds', async () => {
    const charge = await paidCharge();
    const remote = get().remote;
    remote.loseAnswers = 1;
    const waiting = await post('/v1/refunds', { charge });
    assert.equal(waiting.status, 'pending');
    const row = await refundRow(waiting.id);
    assert.equal(row.status, 'unknown');
    // What is waiting is taken from the charge: a second refund cannot give it back again meanwhile.
    assert.equal((await read(`/v1/charges/${charge}`)).amount_refunded, 5000);
    assert.equal((await get().call('POST', '/v1/refunds', { params: { charge } })).body.error.code, 'charge_already_refunded');

    assert.deepEqual((await reconcile()).refunds, {});
    get().clock.advance(61);
    assert.deepEqual((await reconcile()).refunds, { succeeded: 1 });
    assert.equal((await read(`/v1/refunds/${waiting.id}`)).status, 'succeeded');
    assert.deepEqual(remote.calls.filter((c) => c.key === row.idempotency_key).map((c) => c.call), ['refund', 'refund']);
    assert.equal([...remote.refunds.keys()].filter((k) => k === row.idempotency_key).length, 1);
    assert.deepEqual((await read(`/v1/charges/${charge}`)).refunded, true);
  });
});
