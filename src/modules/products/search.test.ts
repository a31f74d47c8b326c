import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { searchNames } from '../../../test/support/search.ts';

describeEachEngine('GET /v1/products/search', createTestApi, (get) => {
  const ids: Record<string, string> = {};
  const found = (query: string) => searchNames(get(), 'products', ids, query);

  it('finds products by name, description, active, shippable, url and metadata', async () => {
    const make = async (name: string, params: Record<string, unknown>) => {
      const res = await get().call('POST', '/v1/products', { params });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      ids[name] = res.body.id;
    };
    await make('pro', { name: 'Pro plan', description: 'For teams', metadata: { tier: 'paid' }, url: 'https://example.com/pro' });
    await make('basic', { name: 'Basic plan', active: false, shippable: false, metadata: { tier: 'free' } });
    await make('box', { name: 'Welcome box', shippable: true });
    await get().call('POST', '/v1/products', { params: { name: 'Pro plan' }, key: get().keys.otherProject });

    assert.deepEqual(await found('name:"pro plan"'), ['pro']);
    assert.deepEqual(await found('name~"plan"'), ['basic', 'pro']);
    assert.deepEqual(await found('description~"team"'), ['pro']);
    assert.deepEqual(await found('description:null'), ['basic', 'box']);
    assert.deepEqual(await found('active:"true"'), ['box', 'pro']);
    assert.deepEqual(await found('active:false'), ['basic']);
    assert.deepEqual(await found('shippable:true'), ['box']);
    assert.deepEqual(await found('shippable:null'), ['pro']);
    assert.deepEqual(await found('url:"https://example.com/pro"'), ['pro']);
    assert.deepEqual(await found('metadata["tier"]:"paid" OR metadata["tier"]:"free"'), ['basic', 'pro']);
    assert.deepEqual(await found('-metadata["tier"]:"free" active:true'), ['box', 'pro']);
    // % and _ are characters like any other in a substring search.
    assert.deepEqual(await found('name~"p_an"'), []);
  });

  it('refuses a field Stripe does not search products by', async () => {
    const res = await get().call('GET', '/v1/products/search', { params: { query: 'created>0' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'query');
    assert.equal(res.body.error.message, 'Invalid search query: products cannot be searched by `created`; the fields are active, description, metadata, name, shippable, url (at character 1).');
  });
});
