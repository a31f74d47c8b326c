import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/storage.ts';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';

for (const engine of ENGINES) {
  describe(`prices (${engine})`, () => {
    let api: TestApi;
    let product: any;
    before(async () => {
      api = await createTestApi(engine);
      product = (await api.call('POST', '/v1/products', { params: { name: 'Catalog' } })).body;
    });
    after(() => api.close());

    const createPrice = async (params: Record<string, unknown>, key?: string) => {
      const res = await api.call('POST', '/v1/prices', { params: { product: product.id, currency: 'usd', unit_amount: 1000, ...params }, key });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const eventsOf = async (id: string) => {
      const list = (await api.call('GET', '/v1/events', { params: { type: 'price.*', limit: 100 } })).body;
      return list.data.filter((e: any) => e.data.object.id === id);
    };

    it('creates and retrieves a one-time price', async () => {
      const price = await createPrice({ currency: 'USD', unit_amount: 1999, nickname: 'Launch', metadata: { k: 'v' } });
      assert.match(price.id, /^price_[0-9A-Za-z]{24}$/);
      assert.deepEqual(price, {
        id: price.id,
        object: 'price',
        active: true,
        billing_scheme: 'per_unit',
        created: api.clock.now(),
        currency: 'usd',
        custom_unit_amount: null,
        livemode: false,
        lookup_key: null,
        metadata: { k: 'v' },
        nickname: 'Launch',
        product: product.id,
        recurring: null,
        tax_behavior: 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: 'one_time',
        unit_amount: 1999,
        unit_amount_decimal: '1999',
      });
      assert.deepEqual((await api.call('GET', `/v1/prices/${price.id}`)).body, price);
    });

    it('creates recurring and decimal prices', async () => {
      const yearly = await createPrice({ recurring: { interval: 'year' }, tax_behavior: 'exclusive' });
      assert.equal(yearly.type, 'recurring');
      assert.equal(yearly.tax_behavior, 'exclusive');
      assert.deepEqual(yearly.recurring, {
        interval: 'year',
        interval_count: 1,
        meter: null,
        trial_period_days: null,
        usage_type: 'licensed',
      });
      for (const [interval, interval_count] of [['month', 12], ['week', 52], ['day', 365]] as const) {
        const p = await createPrice({ recurring: { interval, interval_count, usage_type: 'licensed' } });
        assert.equal(p.recurring.interval_count, interval_count);
      }
      const fractional = await createPrice({ unit_amount: undefined, unit_amount_decimal: '0012.50' });
      assert.equal(fractional.unit_amount, null);
      assert.equal(fractional.unit_amount_decimal, '12.5');
      const whole = await createPrice({ unit_amount: undefined, unit_amount_decimal: '0100.00' });
      assert.equal(whole.unit_amount, 100);
      assert.equal(whole.unit_amount_decimal, '100');
      const free = await createPrice({ unit_amount: 0 });
      assert.equal(free.unit_amount_decimal, '0');
    });

    it('creates its product from product_data', async () => {
      const price = await createPrice({ product: undefined, product_data: { name: 'Add-on', unit_label: 'unit', metadata: { a: 'b' } } });
      assert.notEqual(price.product, product.id);
      const made = (await api.call('GET', `/v1/products/${price.product}`)).body;
      assert.partialDeepStrictEqual(made, { name: 'Add-on', unit_label: 'unit', metadata: { a: 'b' }, default_price: null, active: true });
      const created = (await api.call('GET', '/v1/events', { params: { type: 'product.created', limit: 1 } })).body.data[0];
      assert.equal(created.data.object.id, made.id);

      const both = await api.call('POST', '/v1/prices', {
        params: { product: product.id, product_data: { name: 'x' }, currency: 'usd', unit_amount: 1 },
      });
      assert.partialDeepStrictEqual(both, { status: 400, body: { error: { type: 'invalid_request_error', param: 'product_data' } } });
      const neither = await api.call('POST', '/v1/prices', { params: { currency: 'usd', unit_amount: 1 } });
      assert.partialDeepStrictEqual(neither, { status: 400, body: { error: { param: 'product', code: 'parameter_missing' } } });
      const taken = await api.call('POST', '/v1/prices', {
        params: { product_data: { id: product.id, name: 'dup' }, currency: 'usd', unit_amount: 1 },
      });
      assert.partialDeepStrictEqual(taken, { status: 400, body: { error: { param: 'product_data[id]', code: 'resource_already_exists' } } });
    });

    it('updates a price and records events with previous attributes', async () => {
      const price = await createPrice({ nickname: 'Old' });
      const res = await api.call('POST', `/v1/prices/${price.id}`, {
        params: { nickname: 'New', metadata: { plan: 'b' }, tax_behavior: 'inclusive', active: 'false' },
      });
      assert.equal(res.status, 200);
      assert.partialDeepStrictEqual(res.body, { nickname: 'New', metadata: { plan: 'b' }, tax_behavior: 'inclusive', active: false, unit_amount: 1000 });
      const events = await eventsOf(price.id);
      assert.deepEqual(events.map((e: any) => e.type), ['price.updated', 'price.created']);
      assert.deepEqual(events[0].data.previous_attributes, {
        active: true,
        metadata: { plan: null },
        nickname: 'Old',
        tax_behavior: 'unspecified',
      });

      const locked = await api.call('POST', `/v1/prices/${price.id}`, { params: { tax_behavior: 'exclusive' } });
      assert.partialDeepStrictEqual(locked, { status: 400, body: { error: { param: 'tax_behavior' } } });
      const immutable = await api.call('POST', `/v1/prices/${price.id}`, { params: { unit_amount: 5 } });
      assert.partialDeepStrictEqual(immutable, { status: 400, body: { error: { param: 'unit_amount', code: 'parameter_unknown' } } });
      const deleted = await api.call('DELETE', `/v1/prices/${price.id}`);
      assert.equal(deleted.status, 404);
      assert.equal((await api.call('GET', `/v1/prices/${price.id}`)).body.active, false);
    });

    it('refuses to archive the default price of its product', async () => {
      const p = (await api.call('POST', '/v1/products', {
        params: { name: 'With default', default_price_data: { currency: 'usd', unit_amount: 500 } },
      })).body;
      const res = await api.call('POST', `/v1/prices/${p.default_price}`, { params: { active: false } });
      assert.partialDeepStrictEqual(res, {
        status: 400,
        body: { error: { param: 'active', message: 'This price cannot be archived because it is the default price of its product.' } },
      });
      await api.call('POST', `/v1/products/${p.id}`, { params: { default_price: '' } });
      const archived = await api.call('POST', `/v1/prices/${p.default_price}`, { params: { active: false } });
      assert.equal(archived.body.active, false);
    });

    it('keeps lookup keys unique and transfers them on request', async () => {
      const first = await createPrice({ lookup_key: 'standard_monthly' });
      const dup = await api.call('POST', '/v1/prices', {
        params: { product: product.id, currency: 'usd', unit_amount: 1, lookup_key: 'standard_monthly' },
      });
      assert.deepEqual(dup.body, {
        error: { type: 'invalid_request_error', param: 'lookup_key', message: `A price (\`${first.id}\`) already uses that lookup key.` },
      });
      assert.equal(dup.status, 400);

      const second = await createPrice({ lookup_key: 'standard_monthly', transfer_lookup_key: true, unit_amount: 1200 });
      assert.equal(second.lookup_key, 'standard_monthly');
      assert.equal((await api.call('GET', `/v1/prices/${first.id}`)).body.lookup_key, null);
      const moved = await eventsOf(first.id);
      assert.equal(moved[0].type, 'price.updated');
      assert.deepEqual(moved[0].data.previous_attributes, { lookup_key: 'standard_monthly' });

      const refused = await api.call('POST', `/v1/prices/${first.id}`, { params: { lookup_key: 'standard_monthly' } });
      assert.partialDeepStrictEqual(refused, { status: 400, body: { error: { param: 'lookup_key' } } });
      const back = await api.call('POST', `/v1/prices/${first.id}`, { params: { lookup_key: 'standard_monthly', transfer_lookup_key: true } });
      assert.equal(back.body.lookup_key, 'standard_monthly');
      assert.equal((await api.call('GET', `/v1/prices/${second.id}`)).body.lookup_key, null);
      const same = await api.call('POST', `/v1/prices/${first.id}`, { params: { lookup_key: 'standard_monthly' } });
      assert.equal(same.status, 200);
      const cleared = await api.call('POST', `/v1/prices/${first.id}`, { params: { lookup_key: '' } });
      assert.equal(cleared.body.lookup_key, null);

      // Another mode or project has its own lookup keys.
      const liveProduct = (await api.call('POST', '/v1/products', { key: api.keys.live, params: { name: 'Live' } })).body;
      const live = await createPrice({ product: liveProduct.id, lookup_key: 'standard_monthly' }, api.keys.live);
      assert.equal(live.lookup_key, 'standard_monthly');
    });

    it('gives one of concurrent requests a lookup key and the others a 400', async () => {
      for (let round = 0; round < 5; round++) {
        const key = `race_${round}`;
        const results = await Promise.all(
          Array.from({ length: 6 }, () =>
            api.call('POST', '/v1/prices', { params: { product: product.id, currency: 'usd', unit_amount: 1, lookup_key: key } }),
          ),
        );
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400, 400, 400]);
        const winner = results.find((r) => r.status === 200)!.body;
        for (const r of results.filter((r) => r.status === 400)) assert.equal(r.body.error.param, 'lookup_key');
        const listed = (await api.call('GET', '/v1/prices', { params: { lookup_keys: [key] } })).body.data;
        assert.deepEqual(listed.map((p: any) => p.id), [winner.id]);
      }
    });

    it('lists with filters and cursor pagination', async () => {
      const own = (await api.call('POST', '/v1/products', { params: { name: 'Listing' } })).body;
      const start = api.clock.now() + 1000;
      api.clock.set(start);
      const specs: Record<string, unknown>[] = [
        { currency: 'usd', lookup_key: 'l0' },
        { currency: 'eur', recurring: { interval: 'month' }, lookup_key: 'l1' },
        { currency: 'usd', recurring: { interval: 'year' }, active: false },
        { currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'l3' },
      ];
      const ids: string[] = [];
      for (const spec of specs) {
        api.clock.advance(10);
        ids.push((await createPrice({ product: own.id, ...spec })).id);
      }
      const list = async (params: Record<string, unknown>) => {
        const res = await api.call('GET', '/v1/prices', { params: { product: own.id, ...params } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.url, '/v1/prices');
        return res.body.data.map((p: any) => p.id);
      };
      assert.deepEqual(await list({}), [ids[3], ids[2], ids[1], ids[0]]);
      const page = (await api.call('GET', '/v1/prices', { params: { product: own.id, limit: 3 } })).body;
      assert.equal(page.has_more, true);
      assert.deepEqual(await list({ starting_after: ids[2] }), [ids[1], ids[0]]);
      assert.deepEqual(await list({ ending_before: ids[1], limit: 1 }), [ids[2]]);
      assert.deepEqual(await list({ active: false }), [ids[2]]);
      assert.deepEqual(await list({ type: 'one_time' }), [ids[0]]);
      assert.deepEqual(await list({ type: 'recurring', recurring: { interval: 'month' } }), [ids[3], ids[1]]);
      assert.deepEqual(await list({ currency: 'EUR' }), [ids[1]]);
      assert.deepEqual(await list({ lookup_keys: ['l0', 'l3', 'nope'] }), [ids[3], ids[0]]);
      assert.deepEqual(await list({ created: { lte: start + 20 } }), [ids[1], ids[0]]);
      const all = (await api.call('GET', '/v1/prices', { params: { lookup_keys: ['l1'] } })).body.data;
      assert.deepEqual(all.map((p: any) => p.id), [ids[1]]);

      const tooMany = await api.call('GET', '/v1/prices', { params: { lookup_keys: Array.from({ length: 11 }, (_, i) => `k${i}`) } });
      assert.partialDeepStrictEqual(tooMany, { status: 400, body: { error: { param: 'lookup_keys' } } });
      const noProduct = await api.call('GET', '/v1/prices', { params: { product: 'prod_missing' } });
      assert.partialDeepStrictEqual(noProduct, { status: 404, body: { error: { param: 'product', code: 'resource_missing' } } });
    });

    it('expands the product of a price and of a price list', async () => {
      const price = await createPrice({ lookup_key: 'expand_me' });
      const one = (await api.call('GET', `/v1/prices/${price.id}`, { params: { expand: ['product'] } })).body;
      assert.deepEqual(one.product, (await api.call('GET', `/v1/products/${product.id}`)).body);
      const created = (await api.call('POST', '/v1/prices', {
        params: { product: product.id, currency: 'usd', unit_amount: 1, expand: ['product'] },
      })).body;
      assert.equal(created.product.object, 'product');
      const list = (await api.call('GET', '/v1/prices', { params: { lookup_keys: ['expand_me'], expand: ['data.product'] } })).body;
      assert.equal(list.data.length, 1);
      assert.equal(list.data[0].product.id, product.id);
      assert.equal(list.data[0].product.object, 'product');
    });

    it('rejects bad input with Stripe-shaped errors naming the parameter', async () => {
      const cases: [Record<string, unknown>, string, string | undefined][] = [
        [{ currency: 'xyz' }, 'currency', 'parameter_invalid'],
        [{ currency: undefined }, 'currency', 'parameter_missing'],
        [{ unit_amount: 'abc' }, 'unit_amount', 'parameter_invalid_integer'],
        [{ unit_amount: -1 }, 'unit_amount', 'parameter_invalid'],
        [{ unit_amount: undefined }, 'unit_amount', 'parameter_missing'],
        [{ unit_amount_decimal: '1.5' }, 'unit_amount_decimal', undefined],
        [{ unit_amount: undefined, unit_amount_decimal: '1,5' }, 'unit_amount_decimal', 'parameter_invalid'],
        [{ colour: 'red' }, 'colour', 'parameter_unknown'],
        [{ billing_scheme: 'tiered' }, 'billing_scheme', 'parameter_invalid'],
        [{ recurring: { interval: 'fortnight' } }, 'recurring[interval]', 'parameter_invalid'],
        [{ recurring: { interval: 'month', interval_count: 13 } }, 'recurring[interval_count]', 'parameter_invalid'],
        [{ recurring: { interval: 'week', interval_count: 53 } }, 'recurring[interval_count]', 'parameter_invalid'],
        [{ recurring: { interval: 'day', interval_count: 366 } }, 'recurring[interval_count]', 'parameter_invalid'],
        [{ recurring: { interval: 'year', interval_count: 2 } }, 'recurring[interval_count]', 'parameter_invalid'],
        [{ recurring: { interval: 'month', interval_count: 0 } }, 'recurring[interval_count]', 'parameter_invalid'],
        [{ recurring: { interval: 'month', usage_type: 'metered' } }, 'recurring[usage_type]', 'parameter_invalid'],
        [{ product_data: { name: 'x', shippable: true }, product: undefined }, 'product_data[shippable]', 'parameter_unknown'],
      ];
      for (const [params, param, code] of cases) {
        const res = await api.call('POST', '/v1/prices', { params: { product: product.id, currency: 'usd', unit_amount: 1000, ...params } });
        assert.equal(res.status, 400, `${param}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.type, 'invalid_request_error');
        assert.equal(res.body.error.param, param);
        assert.equal(res.body.error.code, code, `${param}: ${res.body.error.message}`);
      }
      const badCurrency = await api.call('POST', '/v1/prices', { json: { product: product.id, currency: 'xyz', unit_amount: 1 } });
      assert.match(badCurrency.body.error.message, /^Invalid currency: xyz/);
    });

    it('keeps test, live and other projects apart', async () => {
      const price = await createPrice({});
      for (const key of [api.keys.live, api.keys.otherProject]) {
        const got = await api.call('GET', `/v1/prices/${price.id}`, { key });
        assert.partialDeepStrictEqual(got, { status: 404, body: { error: { code: 'resource_missing', param: 'id', message: `No such price: '${price.id}'` } } });
        const upd = await api.call('POST', `/v1/prices/${price.id}`, { key, params: { nickname: 'x' } });
        assert.equal(upd.status, 404);
        const res = await api.call('POST', '/v1/prices', { key, params: { product: product.id, currency: 'usd', unit_amount: 1 } });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body.error, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such product: '${product.id}'`,
          param: 'product',
        });
      }
      assert.equal((await api.call('GET', `/v1/prices/${price.id}`)).body.nickname, null);
    });
  });
}
