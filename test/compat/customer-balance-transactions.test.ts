import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('customer balance transactions through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates and lists a customer’s balance transactions', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'credit@example.com' });
    const txn = await stripe.customers.createBalanceTransaction(customer.id, { amount: -1200, currency: 'usd', description: 'Refund as credit', metadata: { case: '42' } });
    assert.match(txn.id, /^cbtxn_/);
    assert.deepEqual([txn.object, txn.type, txn.amount, txn.ending_balance, txn.currency, txn.customer], ['customer_balance_transaction', 'adjustment', -1200, -1200, 'usd', customer.id]);
    const after = await stripe.customers.retrieve(customer.id);
    assert.ok(!after.deleted);
    assert.deepEqual([after.balance, after.currency], [-1200, 'usd']);

    const updated = await stripe.customers.updateBalanceTransaction(customer.id, txn.id, { description: 'Credit for the outage', metadata: { case: '' } });
    assert.deepEqual([updated.description, updated.metadata], ['Credit for the outage', {}]);
    const retrieved = await stripe.customers.retrieveBalanceTransaction(customer.id, txn.id);
    assert.equal(retrieved.description, 'Credit for the outage');

    await stripe.customers.update(customer.id, { balance: -200 });
    const all = [];
    for await (const t of stripe.customers.listBalanceTransactions(customer.id, { limit: 1 })) all.push(t);
    assert.deepEqual(all.map((t) => [t.type, t.amount, t.ending_balance]), [['adjustment', 1000, -200], ['adjustment', -1200, -1200]]);
  });

  it('refuses a transaction in another currency than the customer’s, naming currency', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ balance: -300 });
    await assertSdkError(stripe.customers.createBalanceTransaction(customer.id, { amount: -100, currency: 'eur' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: /balance is in usd/,
      param: 'currency',
    });
    const [initial] = (await stripe.customers.listBalanceTransactions(customer.id)).data;
    assert.deepEqual([initial.type, initial.amount], ['initial', -300]);
  });
});
