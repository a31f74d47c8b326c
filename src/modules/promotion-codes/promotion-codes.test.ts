import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError, expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('promotion codes', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown>) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const coupon = (params: Record<string, unknown> = { percent_off: 10 }) => post('/v1/coupons', params);
  const promo = (params: Record<string, unknown>) => post('/v1/promotion_codes', params);
  const invalid = (param: string, message: string | RegExp, code?: string) => ({
    status: 400,
    type: 'invalid_request_error',
    param,
    message,
    ...(code && { code }),
  });

  it('creates, retrieves and updates a promotion code, and expands its coupon and customer', async () => {
    const api = get();
    const c = await coupon();
    const customer = await post('/v1/customers', { email: 'jenny@example.com' });
    const expiresAt = api.clock.now() + 3600;
    const p = await promo({
      promotion: { type: 'coupon', coupon: c.id },
      code: 'Spring25',
      customer: customer.id,
      expires_at: expiresAt,
      max_redemptions: 5,
      metadata: { channel: 'email' },
      restrictions: { first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: 'USD', currency_options: { EUR: { minimum_amount: 900 } } },
    });
    assert.match(p.id, /^promo_[0-9A-Za-z]{24}$/);
    assert.deepEqual(p, {
      id: p.id,
      object: 'promotion_code',
      active: true,
      code: 'Spring25',
      created: api.clock.now(),
      customer: customer.id,
      customer_account: null,
      expires_at: expiresAt,
      livemode: false,
      max_redemptions: 5,
      metadata: { channel: 'email' },
      promotion: { coupon: c.id, type: 'coupon' },
      restrictions: { currency_options: { eur: { minimum_amount: 900 } }, first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: 'usd' },
      times_redeemed: 0,
    });
    assert.deepEqual((await api.call('GET', `/v1/promotion_codes/${p.id}`)).body, p);
    const expanded = (await api.call('GET', `/v1/promotion_codes/${p.id}`, { params: { expand: ['customer', 'promotion.coupon'] } })).body;
    assert.deepEqual(expanded.promotion.coupon, c);
    assert.equal(expanded.customer.email, 'jenny@example.com');

    const updated = await api.call('POST', `/v1/promotion_codes/${p.id}`, {
      params: { active: false, metadata: { channel: '' }, restrictions: { currency_options: { gbp: { minimum_amount: 800 } } } },
    });
    assert.deepEqual(updated.body, {
      ...p,
      active: false,
      metadata: {},
      restrictions: { ...p.restrictions, currency_options: { eur: { minimum_amount: 900 }, gbp: { minimum_amount: 800 } } },
    });
    const events = (await api.call('GET', '/v1/events', { params: { limit: 5 } })).body.data.filter((e: any) => e.data.object.id === p.id);
    assert.deepEqual(events.map((e: any) => e.type), ['promotion_code.updated', 'promotion_code.created']);
    assert.deepEqual(events[0].data.previous_attributes, { active: true, metadata: { channel: 'email' }, restrictions: { currency_options: { gbp: null } } });
  });

  it('takes the older top-level coupon and generates an uppercase code when none is given', async () => {
    const c = await coupon();
    const p = await promo({ coupon: c.id });
    assert.match(p.code, /^[A-Z0-9]{12}$/);
    assert.deepEqual(p.promotion, { coupon: c.id, type: 'coupon' });
    assert.deepEqual([p.active, p.customer, p.expires_at, p.max_redemptions], [true, null, null, null]);
  });

  it('keeps a code unique among active codes, whatever its case', async () => {
    const api = get();
    const c = await coupon();
    const first = await promo({ coupon: c.id, code: 'WELCOME' });
    const taken = invalid('code', 'An active promotion code with `code: welcome` already exists.', 'resource_already_exists');
    await expectRejected(api, 'POST', '/v1/promotion_codes', { params: { coupon: c.id, code: 'welcome' } }, taken);
    const other = await api.call('POST', '/v1/promotion_codes', { key: api.keys.live, params: { coupon: (await api.call('POST', '/v1/coupons', { key: api.keys.live, params: { percent_off: 5 } })).body.id, code: 'WELCOME' } });
    assert.equal(other.status, 200, 'another mode has its own codes');
    const inactive = await promo({ coupon: c.id, code: 'welcome', active: false });
    assert.equal(inactive.active, false);
    await post(`/v1/promotion_codes/${first.id}`, { active: false });
    const second = await promo({ coupon: c.id, code: 'Welcome' });
    await expectRejected(api, 'POST', `/v1/promotion_codes/${inactive.id}`, { params: { active: true } }, {
      ...taken,
      param: 'active',
      message: 'An active promotion code with `code: welcome` already exists.',
    });
    await post(`/v1/promotion_codes/${second.id}`, { active: false });
    assert.equal((await post(`/v1/promotion_codes/${inactive.id}`, { active: true })).active, true);
  });

  it('refuses bad input with Stripe-shaped errors naming the parameter, writing nothing', async () => {
    const api = get();
    const c = await coupon({ percent_off: 10, redeem_by: api.clock.now() + 1000 });
    const spent = await coupon({ percent_off: 10, max_redemptions: 1 });
    await api.storage.db.updateTable('coupons').set({ times_redeemed: 1 }).where('id', '=', spent.id).execute();
    const now = api.clock.now();
    const cases: [Record<string, unknown>, ReturnType<typeof invalid>][] = [
      [{}, invalid('promotion[coupon]', 'Missing required param: promotion[coupon].', 'parameter_missing')],
      [{ promotion: { type: 'coupon' } }, invalid('promotion[coupon]', 'Missing required param: promotion[coupon].', 'parameter_missing')],
      [{ promotion: { type: 'gift', coupon: c.id } }, invalid('promotion[type]', 'Invalid promotion[type]: must be one of coupon', 'parameter_invalid')],
      [{ promotion: { type: 'coupon', coupon: c.id }, coupon: c.id }, invalid('coupon', 'You may only specify one of these parameters: coupon, promotion.')],
      [{ coupon: 'nope' }, { ...invalid('coupon', "No such coupon: 'nope'", 'resource_missing'), status: 404 }],
      [{ promotion: { type: 'coupon', coupon: 'nope' } }, { ...invalid('promotion[coupon]', "No such coupon: 'nope'", 'resource_missing'), status: 404 }],
      [{ coupon: spent.id }, invalid('coupon', `Coupon ${spent.id} is no longer valid: it cannot be redeemed.`)],
      [{ coupon: c.id, customer: 'cus_missing' }, { ...invalid('customer', "No such customer: 'cus_missing'", 'resource_missing'), status: 404 }],
      [{ coupon: c.id, code: 'SAVE-10' }, invalid('code', 'Invalid code: must contain only letters (a-z, A-Z) and digits (0-9)', 'parameter_invalid')],
      [{ coupon: c.id, expires_at: now }, invalid('expires_at', 'expires_at must be in the future.')],
      [{ coupon: c.id, expires_at: now + 2000 }, invalid('expires_at', `expires_at cannot be after the coupon's redeem_by (${now + 1000}).`)],
      [{ coupon: c.id, max_redemptions: 0 }, invalid('max_redemptions', 'Invalid max_redemptions: must be greater than or equal to 1', 'parameter_invalid')],
      [{ coupon: c.id, restrictions: { minimum_amount: 100 } }, invalid('restrictions[minimum_amount_currency]', 'Missing required param: restrictions[minimum_amount_currency].', 'parameter_missing')],
      [{ coupon: c.id, restrictions: { minimum_amount_currency: 'usd' } }, invalid('restrictions[minimum_amount]', 'Missing required param: restrictions[minimum_amount].', 'parameter_missing')],
      [{ coupon: c.id, restrictions: { currency_options: { zzz: { minimum_amount: 1 } } } }, invalid('restrictions[currency_options][zzz]', 'Invalid currency: zzz.')],
      [{ coupon: c.id, restrictions: { minimum_amount: -1, minimum_amount_currency: 'usd' } }, invalid('restrictions[minimum_amount]', 'Invalid restrictions[minimum_amount]: must be greater than or equal to 0', 'parameter_invalid')],
      [{ coupon: c.id, active: 'yes' }, invalid('active', 'Invalid boolean: yes', 'parameter_invalid')],
    ];
    for (const [params, expected] of cases) await expectRejected(api, 'POST', '/v1/promotion_codes', { params }, expected);

    const p = await promo({ coupon: c.id });
    for (const param of ['code', 'customer', 'max_redemptions']) {
      await expectRejected(api, 'POST', `/v1/promotion_codes/${p.id}`, { params: { [param]: '1' } }, invalid(param, `Received unknown parameter: ${param}`, 'parameter_unknown'));
    }
    await expectRejected(api, 'POST', `/v1/promotion_codes/${p.id}`, { params: { restrictions: { minimum_amount: 5 } } }, invalid('restrictions[minimum_amount]', 'Received unknown parameter: restrictions[minimum_amount]', 'parameter_unknown'));
  });

  it('lists newest first by active, code (any case), coupon, customer and created, page by page', async () => {
    const api = get();
    const start = api.clock.now() + 1000;
    api.clock.set(start);
    const [a, b] = [await coupon(), await coupon()];
    const customer = await post('/v1/customers', { name: 'Listed' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(10);
      const p = await promo({ coupon: i < 3 ? a.id : b.id, code: `LIST${i}`, active: i !== 1, ...(i === 4 && { customer: customer.id }) });
      ids.push(p.id);
    }
    const list = async (params: Record<string, unknown>) => {
      const res = await api.call('GET', '/v1/promotion_codes', { params: { created: { gte: start }, ...params } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data.map((p: any) => p.id);
    };
    const first = (await api.call('GET', '/v1/promotion_codes', { params: { created: { gte: start }, limit: 2 } })).body;
    assert.deepEqual([first.url, first.has_more, first.data.map((p: any) => p.id)], ['/v1/promotion_codes', true, [ids[4], ids[3]]]);
    assert.deepEqual(await list({ limit: 2, starting_after: ids[3] }), [ids[2], ids[1]]);
    assert.deepEqual(await list({ limit: 2, ending_before: ids[1] }), [ids[3], ids[2]]);
    assert.deepEqual(await list({ active: 'false' }), [ids[1]]);
    assert.deepEqual(await list({ code: 'list3' }), [ids[3]]);
    assert.deepEqual(await list({ coupon: a.id, active: 'true' }), [ids[2], ids[0]]);
    assert.deepEqual(await list({ customer: customer.id }), [ids[4]]);
    assert.deepEqual(await list({ created: { gte: start, lte: start + 20 } }), [ids[1], ids[0]]);
  });

  it('answers 404 for a promotion code of another project or mode', async () => {
    const api = get();
    const p = await promo({ coupon: (await coupon()).id, code: 'SCOPED' });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      for (const [method, params] of [['GET', undefined], ['POST', { active: 'false' }]] as const) {
        assertApiError(await api.call(method, `/v1/promotion_codes/${p.id}`, { key, params }), {
          status: 404,
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'id',
          message: `No such promotion code: '${p.id}'`,
        });
      }
      assert.deepEqual((await api.call('GET', '/v1/promotion_codes', { key, params: { code: 'SCOPED' } })).body.data, []);
    }
    assert.equal((await api.call('GET', `/v1/promotion_codes/${p.id}`)).body.active, true);
  });
});
