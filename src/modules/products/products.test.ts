import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/storage.ts';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';

for (const engine of ENGINES) {
  describe(`products (${engine})`, () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(engine);
    });
    after(() => api.close());

    const createProduct = async (params: Record<string, unknown>) => {
      const res = await api.call('POST', '/v1/products', { params });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const eventsOf = async (id: string) => {
      const list = (await api.call('GET', '/v1/events', { params: { limit: 100 } })).body;
      return list.data.filter((e: any) => e.data.object.id === id);
    };

    it('creates, retrieves, updates and deletes a product', async () => {
      const p = await createProduct({
        name: 'Pro plan',
        description: 'Everything',
        images: ['https://example.com/pro.png'],
        marketing_features: [{ name: 'Unlimited seats' }, { name: 'SSO' }],
        metadata: { tier: 'pro' },
        unit_label: 'seat',
        url: 'https://example.com/pro',
        statement_descriptor: 'ACME PRO',
        tax_code: 'txcd_10000000',
        shippable: 'false',
        package_dimensions: { height: '1.5', length: 2, weight: 3, width: 4 },
      });
      assert.match(p.id, /^prod_[0-9A-Za-z]{24}$/);
      assert.deepEqual(p, {
        id: p.id,
        object: 'product',
        active: true,
        created: api.clock.now(),
        default_price: null,
        description: 'Everything',
        images: ['https://example.com/pro.png'],
        livemode: false,
        marketing_features: [{ name: 'Unlimited seats' }, { name: 'SSO' }],
        metadata: { tier: 'pro' },
        name: 'Pro plan',
        package_dimensions: { height: 1.5, length: 2, weight: 3, width: 4 },
        shippable: false,
        statement_descriptor: 'ACME PRO',
        tax_code: 'txcd_10000000',
        tax_details: null,
        type: 'service',
        unit_label: 'seat',
        updated: api.clock.now(),
        url: 'https://example.com/pro',
      });
      assert.deepEqual((await api.call('GET', `/v1/products/${p.id}`)).body, p);

      api.clock.advance(60);
      const updated = await api.call('POST', `/v1/products/${p.id}`, {
        params: { name: 'Pro', description: '', images: '', metadata: { tier: '', seats: '5' }, active: false, package_dimensions: '' },
      });
      assert.equal(updated.status, 200);
      assert.partialDeepStrictEqual(updated.body, {
        name: 'Pro',
        description: null,
        images: [],
        metadata: { seats: '5' },
        active: false,
        package_dimensions: null,
        url: 'https://example.com/pro',
        created: p.created,
        updated: p.created + 60,
      });

      const deleted = await api.call('DELETE', `/v1/products/${p.id}`);
      assert.deepEqual(deleted.body, { id: p.id, object: 'product', deleted: true });
      const gone = await api.call('GET', `/v1/products/${p.id}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.body.error.message, `No such product: '${p.id}'`);
    });

    it('records product events, with previous attributes on update', async () => {
      const p = await createProduct({ name: 'Evented' });
      await api.call('POST', `/v1/products/${p.id}`, { params: { name: 'Evented 2', metadata: { a: '1' } } });
      await api.call('DELETE', `/v1/products/${p.id}`);
      const events = await eventsOf(p.id);
      assert.deepEqual(events.map((e: any) => e.type), ['product.deleted', 'product.updated', 'product.created']);
      assert.deepEqual(events[1].data.previous_attributes, { name: 'Evented', metadata: { a: null } });
      assert.equal(events[0].data.object.name, 'Evented 2');
    });

    it('creates the default price from default_price_data and refuses to delete a product with prices', async () => {
      const p = await createProduct({
        name: 'Team',
        default_price_data: { currency: 'EUR', unit_amount: 1500, recurring: { interval: 'month' } },
      });
      assert.match(p.default_price, /^price_/);
      const price = (await api.call('GET', `/v1/prices/${p.default_price}`)).body;
      assert.partialDeepStrictEqual(price, {
        product: p.id,
        currency: 'eur',
        unit_amount: 1500,
        type: 'recurring',
        recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
      });
      const expanded = (await api.call('GET', `/v1/products/${p.id}`, { params: { expand: ['default_price'] } })).body;
      assert.deepEqual(expanded.default_price, price);
      // A recurring price is also a plan: Stripe tells both.
      const events = (await api.call('GET', '/v1/events', { params: { limit: 3 } })).body.data;
      assert.deepEqual(events.map((e: any) => [e.type, e.data.object.id]), [['plan.created', price.id], ['price.created', price.id], ['product.created', p.id]]);
      assert.equal(events[2].data.object.default_price, price.id);

      const refused = await api.call('DELETE', `/v1/products/${p.id}`);
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, {
        error: {
          type: 'invalid_request_error',
          message: 'This product cannot be deleted because it has one or more user-created prices.',
        },
      });
      assert.equal((await api.call('GET', `/v1/products/${p.id}`)).status, 200);
    });

    it('writes nothing when the default price is invalid', async () => {
      const res = await api.call('POST', '/v1/products', {
        params: { id: 'half-made', name: 'Half', default_price_data: { currency: 'usd' } },
      });
      assert.partialDeepStrictEqual(res, {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'parameter_missing', param: 'default_price_data[unit_amount]' } },
      });
      assert.equal((await api.call('GET', '/v1/products/half-made')).status, 404);
      assert.deepEqual(await eventsOf('half-made'), []);
    });

    it('takes a custom id once per project and mode', async () => {
      const p = await createProduct({ id: 'pro-plan', name: 'Pro' });
      assert.equal(p.id, 'pro-plan');
      const again = await api.call('POST', '/v1/products', { params: { id: 'pro-plan', name: 'Pro again' } });
      assert.deepEqual(again, {
        status: 400,
        headers: again.headers,
        body: { error: { type: 'invalid_request_error', code: 'resource_already_exists', param: 'id', message: 'Product already exists.' } },
      });
      const live = await api.call('POST', '/v1/products', { key: api.keys.live, params: { id: 'pro-plan', name: 'Live pro' } });
      assert.equal(live.status, 200);
      assert.equal(live.body.livemode, true);
      assert.equal((await api.call('GET', '/v1/products/pro-plan')).body.name, 'Pro');
      const badId = await api.call('POST', '/v1/products', { params: { id: 'a/b', name: 'x' } });
      assert.partialDeepStrictEqual(badId, { status: 400, body: { error: { param: 'id' } } });
    });

    it('gives one of concurrent requests a custom id and the others a 400', async () => {
      for (let round = 0; round < 5; round++) {
        const id = `raced-${round}`;
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => api.call('POST', '/v1/products', { params: { id, name: `Racer ${i}` } })),
        );
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400, 400, 400]);
        const winner = results.find((r) => r.status === 200)!.body;
        assert.deepEqual((await api.call('GET', `/v1/products/${id}`)).body, winner);
      }
    });

    it('sets default_price only to an active price of the product', async () => {
      const p = await createProduct({ name: 'Defaults' });
      const other = await createProduct({ name: 'Other' });
      const price = async (product: string, extra: Record<string, unknown> = {}) =>
        (await api.call('POST', '/v1/prices', { params: { product, currency: 'usd', unit_amount: 100, ...extra } })).body;
      const own = await price(p.id);
      const archived = await price(p.id, { active: false });
      const foreign = await price(other.id);

      const set = await api.call('POST', `/v1/products/${p.id}`, { params: { default_price: own.id } });
      assert.equal(set.body.default_price, own.id);
      for (const [id, status] of [[archived.id, 400], [foreign.id, 400], ['price_missing', 404]] as const) {
        const res = await api.call('POST', `/v1/products/${p.id}`, { params: { default_price: id } });
        assert.partialDeepStrictEqual(res, { status, body: { error: { type: 'invalid_request_error', param: 'default_price' } } });
      }
      assert.equal((await api.call('GET', `/v1/products/${p.id}`)).body.default_price, own.id);
      const cleared = await api.call('POST', `/v1/products/${p.id}`, { params: { default_price: '' } });
      assert.equal(cleared.body.default_price, null);
    });

    it('lists with filters and cursor pagination', async () => {
      const start = api.clock.now() + 1000;
      api.clock.set(start);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        api.clock.advance(10);
        const p = await createProduct({
          name: `Listed ${i}`,
          active: i % 2 === 0,
          shippable: i === 1,
          url: `https://example.com/listed/${i}`,
        });
        ids.push(p.id);
      }
      const list = async (params: Record<string, unknown>) => {
        const res = await api.call('GET', '/v1/products', { params: { created: { gte: start }, ...params } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      const first = await list({ limit: 2 });
      assert.equal(first.object, 'list');
      assert.equal(first.url, '/v1/products');
      assert.deepEqual(first.data.map((p: any) => p.id), [ids[4], ids[3]]);
      assert.equal(first.has_more, true);
      const second = await list({ limit: 2, starting_after: ids[3] });
      assert.deepEqual(second.data.map((p: any) => p.id), [ids[2], ids[1]]);
      const back = await list({ limit: 2, ending_before: ids[2] });
      assert.deepEqual(back.data.map((p: any) => p.id), [ids[4], ids[3]]);

      assert.deepEqual((await list({ active: 'true' })).data.map((p: any) => p.id), [ids[4], ids[2], ids[0]]);
      assert.deepEqual((await list({ active: 'false' })).data.map((p: any) => p.id), [ids[3], ids[1]]);
      assert.deepEqual((await list({ shippable: 'true' })).data.map((p: any) => p.id), [ids[1]]);
      assert.deepEqual((await list({ url: 'https://example.com/listed/3' })).data.map((p: any) => p.id), [ids[3]]);
      assert.deepEqual((await list({ ids: [ids[0], ids[4], 'prod_unknown'] })).data.map((p: any) => p.id), [ids[4], ids[0]]);
      assert.deepEqual((await list({ created: { gt: start + 30 } })).data.map((p: any) => p.id), [ids[4], ids[3]]);
      assert.deepEqual((await list({ created: start + 20 })).data.map((p: any) => p.id), [ids[1]]);
    });

    it('rejects bad input with Stripe-shaped errors naming the parameter', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ description: 'no name' }, 'name', 'parameter_missing'],
        [{ name: 'x', colour: 'red' }, 'colour', 'parameter_unknown'],
        [{ name: 'x', active: 'maybe' }, 'active', 'parameter_invalid'],
        [{ name: 'x', package_dimensions: { height: 'tall', length: 1, weight: 1, width: 1 } }, 'package_dimensions[height]', 'parameter_invalid'],
        [{ name: 'x', package_dimensions: { height: 1, length: 1, weight: { oz: '3' }, width: 1 } }, 'package_dimensions[weight]', 'parameter_invalid'],
        [{ name: 'x', statement_descriptor: 'A "quoted" name' }, 'statement_descriptor', 'parameter_invalid'],
        [{ name: 'x', default_price_data: { currency: 'xyz', unit_amount: 1 } }, 'default_price_data[currency]', 'parameter_invalid'],
        [{ name: 'x', default_price_data: { currency: 'usd', unit_amount: 'abc' } }, 'default_price_data[unit_amount]', 'parameter_invalid_integer'],
        [
          { name: 'x', default_price_data: { currency: 'usd', unit_amount: 1, recurring: { interval: 'month', interval_count: 13 } } },
          'default_price_data[recurring][interval_count]',
          'parameter_invalid',
        ],
      ];
      for (const [params, param, code] of cases) {
        const res = await api.call('POST', '/v1/products', { params });
        assert.equal(res.status, 400, `${param}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.type, 'invalid_request_error');
        assert.equal(res.body.error.param, param);
        assert.equal(res.body.error.code, code, `${param}: ${res.body.error.message}`);
      }
      const p = await createProduct({ name: 'Valid' });
      const unknown = await api.call('POST', `/v1/products/${p.id}`, { params: { type: 'good' } });
      assert.partialDeepStrictEqual(unknown, { status: 400, body: { error: { param: 'type', code: 'parameter_unknown' } } });
      const emptyName = await api.call('POST', `/v1/products/${p.id}`, { json: { name: '' } });
      assert.partialDeepStrictEqual(emptyName, { status: 400, body: { error: { param: 'name' } } });
    });

    it('keeps test, live and other projects apart', async () => {
      const p = await createProduct({ name: 'Scoped' });
      for (const key of [api.keys.live, api.keys.otherProject]) {
        for (const [method, params] of [['GET', undefined], ['POST', { name: 'stolen' }], ['DELETE', undefined]] as const) {
          const res = await api.call(method, `/v1/products/${p.id}`, { key, params });
          assert.equal(res.status, 404);
          assert.deepEqual(res.body.error, {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such product: '${p.id}'`,
            param: 'id',
          });
        }
        const listed = (await api.call('GET', '/v1/products', { key, params: { ids: [p.id] } })).body;
        assert.deepEqual(listed.data, []);
      }
      assert.equal((await api.call('GET', `/v1/products/${p.id}`)).body.name, 'Scoped');
    });
  });
}
