import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError, rowCounts } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('credit notes that refund', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string) => (await get().call('GET', path)).body;
  /** A $100.00 invoice paid by `card`, and the charge that paid it. */
  const paidByCard = async (card = 'pm_card_visa') => {
    const cus = await post('/v1/customers', {});
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 10000, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await post(`/v1/invoices/${draft.id}/finalize`);
    const inv = await post(`/v1/invoices/${draft.id}/pay`, { expand: ['payments.data.payment.payment_intent'] });
    return { cus, inv, charge: inv.payments.data[0].payment.payment_intent.latest_charge as string };
  };
  const invalid = (param: string, message: string | RegExp, code?: string) => ({ status: 400, type: 'invalid_request_error', param, message, ...(code && { code }) });

  it("refunds refund_amount of the invoice's charge and credits the rest to the balance", async () => {
    const { cus, inv, charge } = await paidByCard();
    const note = await post('/v1/credit_notes', { invoice: inv.id, amount: 4000, refund_amount: 2500, credit_amount: 1500, reason: 'duplicate' });
    const [link] = note.refunds;
    assert.deepEqual([note.refunds.length, link.amount_refunded, link.type, link.payment_record_refund], [1, 2500, 'refund', null]);
    const refund = await read(`/v1/refunds/${link.refund}`);
    assert.deepEqual([refund.amount, refund.charge, refund.status, refund.reason], [2500, charge, 'succeeded', 'duplicate']);
    const after = await read(`/v1/charges/${charge}`);
    assert.deepEqual([after.amount_refunded, after.refunded], [2500, false]);
    assert.equal((await read(`/v1/customers/${cus.id}`)).balance, -1500);
    assert.deepEqual([(await read(`/v1/invoices/${inv.id}`)).post_payment_credit_notes_amount, (await read(`/v1/credit_notes/${note.id}`)).refunds], [4000, note.refunds]);
  });

  it('links a refund made before, and a refund no credit note accounts for lowers what is left to credit', async () => {
    const { inv, charge } = await paidByCard();
    const outside = await post('/v1/refunds', { charge, amount: 3000 });
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 7001 } }), invalid('amount', /at most what is left to credit on invoice .*, \$70\.00/));
    const preview = (await get().call('GET', '/v1/credit_notes/preview', { params: { invoice: inv.id, amount: 1000, refunds: [{ refund: outside.id, amount_refunded: 1000 }] } })).body;
    assert.deepEqual(preview.refunds, [{ refund: outside.id, amount_refunded: 1000, payment_record_refund: null, type: 'refund' }]);
    const first = await post('/v1/credit_notes', { invoice: inv.id, amount: 1000, refunds: [{ refund: outside.id, amount_refunded: 1000 }] });
    const rest = await post('/v1/credit_notes', { invoice: inv.id, amount: 2000, refunds: [{ type: 'refund', refund: outside.id }] });
    assert.deepEqual([first.refunds[0].amount_refunded, rest.refunds[0].amount_refunded], [1000, 2000]);
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 100, refunds: [{ refund: outside.id }] } }), invalid('refunds[0][amount_refunded]', `Refund ${outside.id} has $0.00 that no credit note accounts for; amount_refunded must be more than 0 and at most that.`));
    // All $30.00 are accounted for: $70.00 is left to credit again.
    await post('/v1/credit_notes', { invoice: inv.id, amount: 7000, refund_amount: 7000 });
    assert.deepEqual([(await read(`/v1/charges/${charge}`)).refunded, (await read(`/v1/invoices/${inv.id}`)).post_payment_credit_notes_amount], [true, 10000]);
  });

  it('refuses, naming the parameter and writing nothing: too much to refund, a sum that does not match, a refund of another payment, a refund the bank refuses', async () => {
    const { inv, charge } = await paidByCard();
    const other = await paidByCard();
    const foreign = await post('/v1/refunds', { charge: other.charge, amount: 100 });
    await post('/v1/refunds', { charge, amount: 9000 });
    const counts = await rowCounts(get().storage.db);
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 1000, refund_amount: 1001 } }), invalid('refund_amount', `refund_amount ($10.01) is more than what is left to refund of invoice ${inv.id}'s payment, $10.00.`));
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 1000, refund_amount: 400 } }), invalid('refund_amount', /The sum of credit_amount, refunds and out_of_band_amount \(\$4\.00\) must equal the credit note's post_payment_amount \(\$10\.00\)/));
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 100, refunds: [{ refund: foreign.id }] } }), invalid('refunds[0][refund]', `Refund ${foreign.id} is not a refund of invoice ${inv.id}'s payment.`));
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 100, refunds: [{ refund: 're_missing' }] } }), { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'refunds[0][refund]', message: "No such refund: 're_missing'" });
    assert.deepEqual(await rowCounts(get().storage.db), counts);

    const failing = await paidByCard('pm_card_refundFail');
    const before = await rowCounts(get().storage.db);
    assertApiError(await get().call('POST', '/v1/credit_notes', { params: { invoice: failing.inv.id, amount: 1000, refund_amount: 1000 } }), invalid('refund_amount', /The refund of \$10\.00 failed \(expired_or_canceled_card\): no credit note was issued\./, 'refund_failed'));
    assert.deepEqual(await rowCounts(get().storage.db), before);
    assert.equal((await read(`/v1/charges/${failing.charge}`)).amount_refunded, 0);
  });
});
