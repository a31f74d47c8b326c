import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('customer balance transactions', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const ledger = async (customer: string, params: Record<string, unknown> = {}) =>
    (await get().call('GET', `/v1/customers/${customer}/balance_transactions`, { params: { limit: 100, ...params } })).body.data.reverse();
  const kinds = (txns: any[]) => txns.map((t) => [t.type, t.amount, t.ending_balance, t.invoice]);

  it('writes every change of the balance as one transaction: initial, adjustment by API and by update', async () => {
    const api = get();
    const cus = await post('/v1/customers', { name: 'Credit', balance: -500 });
    assert.deepEqual([cus.balance, cus.currency], [-500, 'usd']);
    const txn = await post(`/v1/customers/${cus.id}/balance_transactions`, { amount: -250, currency: 'usd', description: 'Goodwill', metadata: { ticket: 'T-1' } });
    assert.match(txn.id, /^cbtxn_[0-9A-Za-z]{24}$/);
    assert.deepEqual({ ...txn, id: 'x', created: 0 }, {
      id: 'x', object: 'customer_balance_transaction', amount: -250, checkout_session: null, created: 0, credit_note: null, currency: 'usd',
      customer: cus.id, customer_account: null, description: 'Goodwill', ending_balance: -750, invoice: null, livemode: false,
      metadata: { ticket: 'T-1' }, type: 'adjustment',
    });
    await post(`/v1/customers/${cus.id}`, { balance: 100 });
    assert.deepEqual(kinds(await ledger(cus.id)), [['initial', -500, -500, null], ['adjustment', -250, -750, null], ['adjustment', 850, 100, null]]);
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, 100);

    const updated = await post(`/v1/customers/${cus.id}/balance_transactions/${txn.id}`, { description: 'Goodwill credit', metadata: { ticket: '', agent: 'ana' } });
    assert.deepEqual([updated.description, updated.metadata, updated.amount], ['Goodwill credit', { agent: 'ana' }, -250]);
    assert.deepEqual((await api.call('GET', `/v1/customers/${cus.id}/balance_transactions/${txn.id}`)).body, updated);

    // Each change is a customer.updated with the balance it had.
    const events = (await api.call('GET', '/v1/events', { params: { type: 'customer.updated' } })).body.data.filter((e: any) => e.data.object.id === cus.id);
    assert.deepEqual(events.map((e: any) => [e.data.object.balance, e.data.previous_attributes.balance]), [[100, -750], [-750, -500]]);
  });

  it('refuses another currency, a zero amount, a balance past the limit and another customer’s transaction, changing nothing', async () => {
    const api = get();
    const cus = await post('/v1/customers', {});
    await post(`/v1/customers/${cus.id}/balance_transactions`, { amount: -100, currency: 'eur' });
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.currency, 'eur', 'the first transaction sets the currency');
    const refusals: [Record<string, unknown>, string][] = [
      [{ amount: -100, currency: 'usd' }, 'currency'],
      [{ amount: 0, currency: 'eur' }, 'amount'],
      [{ amount: -99_999_999, currency: 'eur' }, 'amount'],
      [{ amount: 'ten', currency: 'eur' }, 'amount'],
      [{ amount: -100, currency: 'xx' }, 'currency'],
      [{ currency: 'eur' }, 'amount'],
    ];
    for (const [params, param] of refusals) {
      const res = await api.call('POST', `/v1/customers/${cus.id}/balance_transactions`, { params });
      assert.deepEqual([res.status, res.body.error?.param], [400, param], JSON.stringify(params));
    }
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, -100);
    assert.equal((await ledger(cus.id)).length, 1);
    const other = await post('/v1/customers', {});
    const [mine] = await ledger(cus.id);
    assert.equal((await api.call('GET', `/v1/customers/${other.id}/balance_transactions/${mine.id}`)).status, 404);
    assert.equal((await api.call('POST', `/v1/customers/${other.id}/balance_transactions/${mine.id}`, { params: { description: 'x' } })).status, 404);
    assert.equal((await api.call('GET', '/v1/customers/cus_missing/balance_transactions')).status, 404);
  });

  it('finalizing applies the balance to the invoice (applied_to_invoice) and voiding gives it back (unapplied_from_invoice)', async () => {
    const api = get();
    const cus = await post('/v1/customers', { balance: -1500 });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 1000, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 30 });
    const paid = await post(`/v1/invoices/${draft.id}/finalize`);
    assert.deepEqual([paid.status, paid.amount_due, paid.starting_balance, paid.ending_balance], ['paid', 0, -1500, -500]);

    await post('/v1/invoiceitems', { customer: cus.id, amount: 2000, currency: 'usd' });
    const second = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 30 });
    const open = await post(`/v1/invoices/${second.id}/finalize`);
    assert.deepEqual([open.status, open.amount_due, open.starting_balance, open.ending_balance], ['open', 1500, -500, 0]);
    await post(`/v1/invoices/${second.id}/void`);
    assert.deepEqual(kinds(await ledger(cus.id)), [
      ['initial', -1500, -1500, null],
      ['applied_to_invoice', 1000, -500, paid.id],
      ['applied_to_invoice', 500, 0, second.id],
      ['unapplied_from_invoice', -500, -500, second.id],
    ]);
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, -500);
    assert.deepEqual(kinds(await ledger(cus.id, { invoice: second.id })).map((k) => k[0]), ['applied_to_invoice', 'unapplied_from_invoice']);
    const expanded = (await api.call('GET', `/v1/customers/${cus.id}/balance_transactions`, { params: { invoice: paid.id, 'expand[]': 'data.invoice' } })).body.data[0];
    assert.equal(expanded.invoice.id, paid.id);
  });
});
