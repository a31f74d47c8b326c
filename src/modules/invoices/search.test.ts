import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('GET /v1/invoices/search', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const ids = async (query: string) => {
    const res = await get().call('GET', '/v1/invoices/search', { params: { query } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.url, '/v1/invoices/search');
    return res.body.data.map((i: { id: string }) => i.id);
  };

  it('finds invoices by customer, status, number, currency, subscription, created and metadata', async () => {
    const api = get();
    const jenny = await post('/v1/customers', { email: 'jenny@example.com' });
    const john = await post('/v1/customers', { email: 'john@example.com' });
    await post('/v1/invoiceitems', { customer: jenny.id, amount: 1500, currency: 'usd' });
    const open = await post(`/v1/invoices/${(await post('/v1/invoices', { customer: jenny.id, metadata: { order: '42' }, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' })).id}/finalize`);
    api.clock.advance(60);
    await post('/v1/invoiceitems', { customer: john.id, amount: 900, currency: 'eur' });
    assert.equal(open.status, 'open');
    const draft = await post('/v1/invoices', { customer: john.id, pending_invoice_items_behavior: 'include' });

    assert.deepEqual(await ids(`customer:"${jenny.id}"`), [open.id]);
    assert.deepEqual(await ids('status:"draft"'), [draft.id]);
    assert.deepEqual(await ids(`number:"${open.number}"`), [open.id]);
    assert.deepEqual(await ids('number:null'), [draft.id]);
    assert.deepEqual(await ids('currency:"eur"'), [draft.id]);
    assert.deepEqual(await ids('subscription:null'), [draft.id, open.id]);
    assert.deepEqual(await ids(`created>${open.created}`), [draft.id]);
    assert.deepEqual(await ids('metadata["order"]:"42" AND status:"open"'), [open.id]);
    const found = (await get().call('GET', '/v1/invoices/search', { params: { query: 'status:"open"' } })).body.data[0];
    assert.deepEqual([found.total, found.lines.data.length], [1500, 1], 'a found invoice shows as a retrieved one does');
  });

  it('says total is not a field Bursar searches', async () => {
    const res = await get().call('GET', '/v1/invoices/search', { params: { query: 'total>1000' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'query');
    assert.match(res.body.error.message, /invoices cannot be searched by `total`/);
  });
});
