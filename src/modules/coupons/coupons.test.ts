import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError, expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { BursarError } from '../../kit/errors.ts';
import { redeemCoupon } from './service.ts';

describeEachEngine('coupons', createTestApi, (get) => {
  const create = async (params: Record<string, unknown>) => {
    const res = await get().call('POST', '/v1/coupons', { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const eventsOf = async (id: string) => {
    const list = (await get().call('GET', '/v1/events', { params: { limit: 100 } })).body;
    return list.data.filter((e: any) => e.data.object.id === id);
  };

  it('creates, retrieves, updates and deletes a coupon', async () => {
    const api = get();
    const product = (await api.call('POST', '/v1/products', { params: { name: 'Pro' } })).body;
    const redeemBy = api.clock.now() + 86_400;
    const c = await create({
      percent_off: '12.5',
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 10,
      redeem_by: redeemBy,
      name: 'Spring sale',
      metadata: { campaign: 'spring' },
      applies_to: { products: [product.id] },
    });
    assert.match(c.id, /^[0-9A-Za-z]{8}$/);
    assert.deepEqual(c, {
      id: c.id,
      object: 'coupon',
      amount_off: null,
      applies_to: { products: [product.id] },
      created: api.clock.now(),
      currency: null,
      duration: 'repeating',
      duration_in_months: 3,
      livemode: false,
      max_redemptions: 10,
      metadata: { campaign: 'spring' },
      name: 'Spring sale',
      percent_off: 12.5,
      redeem_by: redeemBy,
      times_redeemed: 0,
      valid: true,
    });
    assert.deepEqual((await api.call('GET', `/v1/coupons/${c.id}`)).body, c);
    const expanded = await api.call('GET', `/v1/coupons/${c.id}`, { params: { expand: ['applies_to'] } });
    assert.deepEqual(expanded.body, c);

    const updated = await api.call('POST', `/v1/coupons/${c.id}`, { params: { name: 'Summer sale', metadata: { campaign: '', season: 'summer' } } });
    assert.deepEqual(updated.body, { ...c, name: 'Summer sale', metadata: { season: 'summer' } });

    const deleted = await api.call('DELETE', `/v1/coupons/${c.id}`);
    assert.deepEqual(deleted.body, { id: c.id, object: 'coupon', deleted: true });
    for (const [method, params] of [['GET', undefined], ['POST', { name: 'x' }], ['DELETE', undefined]] as const) {
      assertApiError(await api.call(method, `/v1/coupons/${c.id}`, { params }), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
        message: `No such coupon: '${c.id}'`,
      });
    }
    assert.deepEqual((await eventsOf(c.id)).map((e: any) => e.type), ['coupon.deleted', 'coupon.updated', 'coupon.created']);
    assert.deepEqual((await eventsOf(c.id))[1].data.previous_attributes, { name: 'Spring sale', metadata: { campaign: 'spring', season: null } });
  });

  it('takes an amount off in a currency, once by default, and a custom id once per project and mode', async () => {
    const api = get();
    const c = await create({ id: 'WELCOME10', amount_off: 1000, currency: 'EUR' });
    assert.partialDeepStrictEqual(c, { id: 'WELCOME10', amount_off: 1000, currency: 'eur', percent_off: null, duration: 'once', duration_in_months: null });
    assert.equal('applies_to' in c, false, 'an unrestricted coupon has no applies_to');
    assert.equal((await create({ id: 'forever-2', percent_off: 100, duration: 'forever' })).percent_off, 100);
    await expectRejected(api, 'POST', '/v1/coupons', { params: { id: 'WELCOME10', percent_off: 5 } }, {
      status: 400,
      type: 'invalid_request_error',
      code: 'resource_already_exists',
      param: 'id',
      message: 'Coupon already exists.',
    });
    const live = await api.call('POST', '/v1/coupons', { key: api.keys.live, params: { id: 'WELCOME10', percent_off: 5 } });
    assert.equal(live.status, 200);
    assert.equal(live.body.livemode, true);
    assert.equal((await api.call('GET', '/v1/coupons/WELCOME10')).body.amount_off, 1000);
  });

  it('refuses bad terms with Stripe-shaped errors naming the parameter, writing nothing', async () => {
    const api = get();
    const product = (await api.call('POST', '/v1/products', { params: { name: 'Only' } })).body;
    const invalid = (param: string, message: string | RegExp, code?: string) => ({
      status: 400,
      type: 'invalid_request_error',
      param,
      message,
      ...(code && { code }),
    });
    const decimal = /^Invalid decimal: .*greater than 0 and at most 100, with at most 2 decimal places\.$/;
    const cases: [Record<string, unknown>, ReturnType<typeof invalid>][] = [
      [{}, invalid('percent_off', 'Missing required param: percent_off (or amount_off with currency).', 'parameter_missing')],
      [{ percent_off: 10, amount_off: 100, currency: 'usd' }, invalid('percent_off', 'You may only specify one of these parameters: amount_off, percent_off.')],
      [{ amount_off: 100 }, invalid('currency', 'Missing required param: currency (required with amount_off).', 'parameter_missing')],
      [{ percent_off: 10, currency: 'usd' }, invalid('currency', /^currency can only be given with amount_off/)],
      [{ percent_off: 0 }, invalid('percent_off', decimal, 'parameter_invalid')],
      [{ percent_off: '100.01' }, invalid('percent_off', decimal, 'parameter_invalid')],
      [{ percent_off: '12.345' }, invalid('percent_off', decimal, 'parameter_invalid')],
      [{ percent_off: 'ten' }, invalid('percent_off', decimal, 'parameter_invalid')],
      [{ amount_off: 0, currency: 'usd' }, invalid('amount_off', 'Invalid amount_off: must be greater than or equal to 1', 'parameter_invalid')],
      [{ amount_off: 100, currency: 'xyz' }, invalid('currency', /^Invalid currency: xyz/, 'parameter_invalid')],
      [{ percent_off: 10, duration: 'weekly' }, invalid('duration', 'Invalid duration: must be one of once, repeating, forever', 'parameter_invalid')],
      [{ percent_off: 10, duration: 'repeating' }, invalid('duration_in_months', /^Missing required param: duration_in_months/, 'parameter_missing')],
      [{ percent_off: 10, duration_in_months: 3 }, invalid('duration_in_months', 'duration_in_months can only be given when duration is repeating.')],
      [{ percent_off: 10, duration: 'repeating', duration_in_months: 0 }, invalid('duration_in_months', /must be greater than or equal to 1/, 'parameter_invalid')],
      [{ percent_off: 10, max_redemptions: 0 }, invalid('max_redemptions', /must be greater than or equal to 1/, 'parameter_invalid')],
      [{ percent_off: 10, redeem_by: get().clock.now() }, invalid('redeem_by', 'redeem_by must be in the future.')],
      [{ percent_off: 10, name: 'x'.repeat(41) }, invalid('name', 'Invalid name: must be at most 40 characters', 'parameter_invalid')],
      [{ percent_off: 10, id: 'a/b' }, invalid('id', /^Invalid id: 'a\/b'\. A coupon id/, 'parameter_invalid')],
      [{ percent_off: 10, colour: 'red' }, invalid('colour', 'Received unknown parameter: colour', 'parameter_unknown')],
      [{ percent_off: 10, applies_to: { products: [product.id, 'prod_missing'] } }, { ...invalid('applies_to[products][1]', "No such product: 'prod_missing'", 'resource_missing'), status: 404 }],
    ];
    for (const [params, expected] of cases) await expectRejected(api, 'POST', '/v1/coupons', { params }, expected);

    const c = await create({ percent_off: 10 });
    await expectRejected(api, 'POST', `/v1/coupons/${c.id}`, { params: { percent_off: 20 } }, invalid('percent_off', 'Received unknown parameter: percent_off', 'parameter_unknown'));
  });

  it('lists newest first with created filters and cursor pagination, without deleted coupons', async () => {
    const api = get();
    const start = api.clock.now() + 1000;
    api.clock.set(start);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(10);
      ids.push((await create({ percent_off: i + 1 })).id);
    }
    const list = async (params: Record<string, unknown>) => {
      const res = await api.call('GET', '/v1/coupons', { params: { created: { gte: start }, ...params } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const first = await list({ limit: 2 });
    assert.deepEqual([first.object, first.url, first.has_more], ['list', '/v1/coupons', true]);
    assert.deepEqual(first.data.map((c: any) => c.id), [ids[4], ids[3]]);
    assert.deepEqual((await list({ limit: 2, starting_after: ids[3] })).data.map((c: any) => c.id), [ids[2], ids[1]]);
    assert.deepEqual((await list({ limit: 2, ending_before: ids[2] })).data.map((c: any) => c.id), [ids[4], ids[3]]);
    assert.deepEqual((await list({ created: start + 20 })).data.map((c: any) => c.id), [ids[1]]);
    await api.call('DELETE', `/v1/coupons/${ids[2]}`);
    assert.deepEqual((await list({})).data.map((c: any) => c.id), [ids[4], ids[3], ids[1], ids[0]]);
  });

  it('answers 404 for a coupon of another project or mode', async () => {
    const api = get();
    const c = await create({ percent_off: 15, name: 'Scoped' });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      for (const [method, params] of [['GET', undefined], ['POST', { name: 'stolen' }], ['DELETE', undefined]] as const) {
        const res = await api.call(method, `/v1/coupons/${c.id}`, { key, params });
        assertApiError(res, { status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such coupon: '${c.id}'` });
      }
      assert.deepEqual((await api.call('GET', '/v1/coupons', { key })).body.data.filter((x: any) => x.id === c.id), []);
    }
    assert.equal((await api.call('GET', `/v1/coupons/${c.id}`)).body.name, 'Scoped');
  });

  it('counts redemptions and becomes invalid at max_redemptions or after redeem_by', async () => {
    const api = get();
    const capped = await create({ percent_off: 20, max_redemptions: 2 });
    assert.equal((await redeemCoupon(api.ctx(), capped.id)).times_redeemed, 1);
    const last = await redeemCoupon(api.ctx(), capped.id);
    assert.deepEqual([last.times_redeemed, last.valid], [2, false]);
    assert.equal((await api.call('GET', `/v1/coupons/${capped.id}`)).body.valid, false);
    await assert.rejects(redeemCoupon(api.ctx(), capped.id), (err: BursarError) => {
      assert.deepEqual([err.status, err.param, err.message], [400, 'coupon', `Coupon ${capped.id} is no longer valid: it cannot be redeemed.`]);
      return true;
    });
    assert.equal((await api.call('GET', `/v1/coupons/${capped.id}`)).body.times_redeemed, 2);

    const dated = await create({ amount_off: 500, currency: 'usd', redeem_by: api.clock.now() + 60 });
    assert.equal((await redeemCoupon(api.ctx(), dated.id)).valid, true);
    api.clock.advance(60);
    assert.equal((await api.call('GET', `/v1/coupons/${dated.id}`)).body.valid, false);
    await assert.rejects(redeemCoupon(api.ctx(), dated.id), { status: 400, param: 'coupon' });

    await assert.rejects(redeemCoupon(api.ctx(true), capped.id), { status: 404, param: 'coupon' });
  });

  it('never redeems past max_redemptions under concurrent redemptions', async () => {
    const api = get();
    const c = await create({ percent_off: 5, max_redemptions: 3 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => redeemCoupon(api.ctx(), c.id)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    assert.equal((await api.call('GET', `/v1/coupons/${c.id}`)).body.times_redeemed, 3);
  });
});
