import { it } from 'node:test';
import assert from 'node:assert/strict';
import { inTransaction } from '../db/after-commit.ts';
import { payInvoice } from '../modules/invoices/pay.ts';
import { chargesOfInvoice } from '../modules/payment-intents/repository.ts';
import { silentLogger } from '../../test/support/api.ts';
import { createRemoteApi } from '../../test/support/remote-processor.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { reconcilePayments } from './reconcile-payments.ts';

describeEachEngine('payment reconciliation', createRemoteApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const openInvoice = async () => {
    const cus = await post('/v1/customers', {});
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 1500, currency: 'gbp' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    return post(`/v1/invoices/${draft.id}/finalize`);
  };
  const reconcile = () => reconcilePayments({ db: get().storage.db, clock: get().clock, logger: silentLogger, payments: { makeProcessor: () => get().remote } });
  const status = async (invoice: string) => (await get().call('GET', `/v1/invoices/${invoice}`)).body.status;
  const attemptOf = async (invoice: string) => (await chargesOfInvoice(get().storage.db, get().ctx().scope, invoice))[0]!;
  const callsFor = (key: string) => get().remote.calls.filter((c) => c.key === key).map((c) => c.call);

  it('asks again after a timeout, with the same key, and the invoice is paid by the one charge', async () => {
    const invoice = await openInvoice();
    get().remote.loseAnswers = 1;
    await post(`/v1/invoices/${invoice.id}/pay`);
    const attempt = await attemptOf(invoice.id);
    assert.equal(attempt.status, 'unknown');
    // Not before its time: the answer may still be on its way.
    assert.deepEqual(await reconcile(), { settled: {}, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    get().clock.advance(61);
    assert.deepEqual(await reconcile(), { settled: { succeeded: 1 }, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    assert.equal(await status(invoice.id), 'paid');
    assert.deepEqual(callsFor(attempt.idempotency_key), ['charge', 'reconcileCharge']);
    assert.equal([...get().remote.payments.keys()].filter((k) => k === attempt.idempotency_key).length, 1);
    assert.deepEqual(await reconcile(), { settled: {}, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
  });

  it('keeps asking while the processor does not answer, later each time', async () => {
    const invoice = await openInvoice();
    get().remote.loseAnswers = 2;
    await post(`/v1/invoices/${invoice.id}/pay`);
    get().clock.advance(61);
    assert.deepEqual(await reconcile(), { settled: {}, unknown: 1, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    assert.equal(await status(invoice.id), 'open');
    assert.deepEqual(await reconcile(), { settled: {}, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    get().clock.advance(61);
    assert.deepEqual(await reconcile(), { settled: { succeeded: 1 }, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    assert.equal(await status(invoice.id), 'paid');
    const attempt = await attemptOf(invoice.id);
    assert.deepEqual(callsFor(attempt.idempotency_key), ['charge', 'reconcileCharge', 'reconcileCharge']);
  });

  it('finishes an attempt recorded by a process that died before calling the processor', async () => {
    const invoice = await openInvoice();
    // The attempt commits; the process is gone before the call.
    await inTransaction(get().storage.db, (trx) => payInvoice({ ...get().ctx(), db: trx, remoteCharges: [] }, invoice.id, {}));
    const attempt = await attemptOf(invoice.id);
    assert.deepEqual([attempt.status, await status(invoice.id)], ['pending', 'open']);
    get().clock.advance(61);
    assert.deepEqual(await reconcile(), { settled: { succeeded: 1 }, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    assert.equal(await status(invoice.id), 'paid');
    assert.deepEqual(callsFor(attempt.idempotency_key), ['reconcileCharge']);
  });
});
