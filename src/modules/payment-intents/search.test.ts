import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('GET /v1/payment_intents/search and /v1/charges/search', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const ids = async (resource: string, query: string) => {
    const res = await get().call('GET', `/v1/${resource}/search`, { params: { query } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.map((o: { id: string }) => o.id).sort();
  };
  /** A paid (or failed) invoice of `amount` charged to `card`: its payment intent and charge. */
  const charge = async (card: string, amount: number) => {
    const customer = await post('/v1/customers', { email: 'payer@example.com' });
    const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: customer.id });
    await post('/v1/invoiceitems', { customer: customer.id, amount, currency: 'usd' });
    const invoice = await post('/v1/invoices', { customer: customer.id, pending_invoice_items_behavior: 'include', metadata: { order: String(amount) } });
    await post(`/v1/invoices/${invoice.id}/finalize`);
    await get().call('POST', `/v1/invoices/${invoice.id}/pay`, { params: { payment_method: pm.id } });
    const payments = (await get().call('GET', '/v1/invoice_payments', { params: { invoice: invoice.id } })).body.data;
    const intent = (await get().call('GET', `/v1/payment_intents/${payments[0].payment.payment_intent}`)).body;
    return { customer: customer.id, intent: intent.id, charge: intent.latest_charge as string };
  };

  it('finds payment intents and charges by the fields Stripe searches them by', async () => {
    const paid = await charge('pm_card_visa', 1000);
    const refunded = await charge('pm_card_mastercard', 2500);
    await post('/v1/refunds', { charge: refunded.charge });
    const disputed = await charge('pm_card_createDispute', 700);
    const failed = await charge('pm_card_chargeCustomerFail', 900);

    assert.deepEqual(await ids('payment_intents', 'status:"succeeded" AND amount>=1000'), [paid.intent, refunded.intent].sort());
    assert.deepEqual(await ids('payment_intents', `customer:"${failed.customer}"`), [failed.intent]);
    assert.deepEqual(await ids('payment_intents', 'amount<800 currency:"usd"'), [disputed.intent]);

    assert.deepEqual(await ids('charges', 'status:"failed"'), [failed.charge]);
    assert.deepEqual(await ids('charges', 'status:"succeeded"'), [paid.charge, refunded.charge, disputed.charge].sort());
    assert.deepEqual(await ids('charges', 'refunded:true'), [refunded.charge]);
    assert.deepEqual(await ids('charges', 'disputed:"true"'), [disputed.charge]);
    assert.deepEqual(await ids('charges', 'payment_method_details.card.brand:"mastercard"'), [refunded.charge]);
    assert.deepEqual(await ids('charges', 'payment_method_details.card.last4:"4242" OR payment_method_details.card.last4:"0341"'), [paid.charge, failed.charge].sort());
    assert.deepEqual(await ids('charges', 'payment_method_details.card.exp_year>2000 -status:"failed" amount>800'), [paid.charge, refunded.charge].sort());
    assert.deepEqual(await ids('charges', 'billing_details.address.postal_code:null amount:700'), [disputed.charge]);
    // Numbers past a 32-bit column's range compare as numbers on both engines.
    assert.deepEqual(await ids('charges', 'payment_method_details.card.exp_month<9007199254740991 amount>-9007199254740991 amount<700'), []);
    assert.deepEqual(await ids('payment_intents', 'amount<99999999999 amount>2000'), [refunded.intent]);
  });

  it('refuses an operator a charge field does not take', async () => {
    const res = await get().call('GET', '/v1/charges/search', { params: { query: 'refunded>1' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.message, 'Invalid search query: `refunded` cannot be searched with >; it takes : (at character 9).');
  });
});
