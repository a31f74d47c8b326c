import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('GET /v1/subscriptions/search', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const search = (query: string, params: Record<string, unknown> = {}) => get().call('GET', '/v1/subscriptions/search', { params: { query, ...params } });

  it('finds subscriptions of every status by status, created and metadata, and expands their fields', async () => {
    const api = get();
    const price = await post('/v1/prices', { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const cus = await post('/v1/customers', { email: 'sam@example.com' });
    const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    const start = api.clock.now();
    const active = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], metadata: { seats: '5' } });
    api.clock.advance(3600);
    const trial = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], trial_period_days: 7 });
    api.clock.advance(3600);
    const canceled = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await get().call('DELETE', `/v1/subscriptions/${canceled.id}`);

    const ids = async (query: string) => {
      const res = await search(query);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data.map((s: { id: string }) => s.id);
    };
    assert.deepEqual(await ids('status:"active"'), [active.id]);
    assert.deepEqual(await ids('status:"canceled"'), [canceled.id], 'search sees canceled subscriptions, which the list hides');
    assert.deepEqual(await ids('status:"trialing" OR status:"active"'), [trial.id, active.id]);
    assert.deepEqual(await ids(`created>${start}`), [canceled.id, trial.id]);
    assert.deepEqual(await ids('metadata["seats"]:"5"'), [active.id]);
    assert.deepEqual(await ids('-status:"canceled" -metadata["seats"]:null'), [active.id]);

    const expanded = await search('status:"active"', { expand: ['data.customer', 'data.latest_invoice'] });
    assert.equal(expanded.status, 200);
    assert.equal(expanded.body.data[0].customer.email, 'sam@example.com');
    assert.equal(expanded.body.data[0].latest_invoice.object, 'invoice');
    assert.equal(expanded.body.data[0].items.data[0].price.id, price.id);
  });

  it('refuses fields of the list filters that are not search fields', async () => {
    const res = await search('customer:"cus_1"');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.message, 'Invalid search query: subscriptions cannot be searched by `customer`; the fields are created, metadata, status (at character 1).');
  });
});
