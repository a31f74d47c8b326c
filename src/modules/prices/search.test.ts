import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { searchNames } from '../../../test/support/search.ts';

describeEachEngine('GET /v1/prices/search', createTestApi, (get) => {
  const ids: Record<string, string> = {};
  const found = (query: string) => searchNames(get(), 'prices', ids, query);

  it('finds prices by product, currency, type, lookup_key, active and metadata', async () => {
    const post = async (path: string, params: Record<string, unknown>) => {
      const res = await get().call('POST', path, { params });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const product = await post('/v1/products', { name: 'Pro' });
    ids.monthly = (await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, lookup_key: 'pro_monthly', metadata: { plan: 'pro' } })).id;
    ids.setup = (await post('/v1/prices', { product: product.id, currency: 'eur', unit_amount: 500 })).id;
    ids.old = (await post('/v1/prices', { currency: 'usd', unit_amount: 100, product_data: { name: 'Old' }, active: false })).id;

    assert.deepEqual(await found(`product:"${product.id}"`), ['monthly', 'setup']);
    assert.deepEqual(await found('currency:"USD"'), ['monthly', 'old']);
    assert.deepEqual(await found('type:"recurring"'), ['monthly']);
    assert.deepEqual(await found('type:"one_time" AND active:"true"'), ['setup']);
    assert.deepEqual(await found('lookup_key:"pro_monthly"'), ['monthly']);
    assert.deepEqual(await found('lookup_key:null'), ['old', 'setup']);
    assert.deepEqual(await found('metadata["plan"]:"pro"'), ['monthly']);
    assert.deepEqual(await found('-active:true'), ['old']);
  });

  it('refuses a substring search of an exact field', async () => {
    const res = await get().call('GET', '/v1/prices/search', { params: { query: 'lookup_key~"pro"' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'query');
    assert.equal(res.body.error.message, 'Invalid search query: `lookup_key` cannot be searched with ~; it takes : (at character 11).');
  });
});
