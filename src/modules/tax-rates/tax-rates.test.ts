import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError, expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('tax rates', createTestApi, (get) => {
  const create = async (params: Record<string, unknown>) => {
    const res = await get().call('POST', '/v1/tax_rates', { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  it('creates, retrieves and updates a tax rate, keeping its percentage and inclusive fixed', async () => {
    const api = get();
    const t = await create({
      display_name: 'VAT',
      percentage: '19.25',
      inclusive: 'false',
      country: 'de',
      jurisdiction: 'DE',
      description: 'German VAT',
      tax_type: 'vat',
      metadata: { ledger: '1776' },
    });
    assert.match(t.id, /^txr_[0-9A-Za-z]{24}$/);
    assert.deepEqual(t, {
      id: t.id,
      object: 'tax_rate',
      active: true,
      country: 'DE',
      created: api.clock.now(),
      description: 'German VAT',
      display_name: 'VAT',
      effective_percentage: 19.25,
      flat_amount: null,
      inclusive: false,
      jurisdiction: 'DE',
      jurisdiction_level: null,
      livemode: false,
      metadata: { ledger: '1776' },
      percentage: 19.25,
      rate_type: 'percentage',
      state: null,
      tax_type: 'vat',
    });
    assert.deepEqual((await api.call('GET', `/v1/tax_rates/${t.id}`)).body, t);

    const updated = await api.call('POST', `/v1/tax_rates/${t.id}`, {
      params: { active: false, display_name: 'USt', description: '', country: 'us', state: 'ny', tax_type: 'sales_tax', metadata: { ledger: '' } },
    });
    assert.deepEqual(updated.body, {
      ...t,
      active: false,
      display_name: 'USt',
      description: null,
      country: 'US',
      state: 'NY',
      tax_type: 'sales_tax',
      metadata: {},
    });
    for (const param of ['percentage', 'inclusive']) {
      await expectRejected(api, 'POST', `/v1/tax_rates/${t.id}`, { params: { [param]: param === 'inclusive' ? 'true' : 5 } }, {
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param,
        message: `Received unknown parameter: ${param}`,
      });
    }
    const events = (await api.call('GET', '/v1/events', { params: { limit: 5 } })).body.data.filter((e: any) => e.data.object.id === t.id);
    assert.deepEqual(events.map((e: any) => e.type), ['tax_rate.updated', 'tax_rate.created']);
    assert.deepEqual(events[0].data.previous_attributes, {
      active: true,
      display_name: 'VAT',
      description: 'German VAT',
      country: 'DE',
      state: null,
      tax_type: 'vat',
      metadata: { ledger: '1776' },
    });
  });

  it('keeps percentages exact: four decimals, 0 and 100 included', async () => {
    for (const [given, shown] of [['7.0001', 7.0001], [0, 0], ['100', 100], [8.875, 8.875]] as const) {
      assert.equal((await create({ display_name: 'Rate', percentage: given, inclusive: true })).percentage, shown);
    }
  });

  it('refuses bad input with Stripe-shaped errors naming the parameter, writing nothing', async () => {
    const api = get();
    const base = { display_name: 'VAT', percentage: 20, inclusive: true };
    const decimal = /^Invalid decimal: .*at least 0 and at most 100, with at most 4 decimal places\.$/;
    const cases: [Record<string, unknown>, string, string, string | RegExp][] = [
      [{ percentage: 20, inclusive: true }, 'display_name', 'parameter_missing', 'Missing required param: display_name.'],
      [{ display_name: 'VAT', inclusive: true }, 'percentage', 'parameter_missing', 'Missing required param: percentage.'],
      [{ display_name: 'VAT', percentage: 20 }, 'inclusive', 'parameter_missing', 'Missing required param: inclusive.'],
      [{ ...base, display_name: '' }, 'display_name', 'parameter_invalid', 'Invalid display_name: must be at least 1 characters'],
      [{ ...base, display_name: 'x'.repeat(51) }, 'display_name', 'parameter_invalid', 'Invalid display_name: must be at most 50 characters'],
      [{ ...base, percentage: '100.5' }, 'percentage', 'parameter_invalid', decimal],
      [{ ...base, percentage: '-1' }, 'percentage', 'parameter_invalid', decimal],
      [{ ...base, percentage: '1.23456' }, 'percentage', 'parameter_invalid', decimal],
      [{ ...base, inclusive: 'yes' }, 'inclusive', 'parameter_invalid', 'Invalid boolean: yes'],
      [{ ...base, country: 'DEU' }, 'country', 'parameter_invalid', 'Invalid country: must be at most 2 characters'],
      [{ ...base, country: '1A' }, 'country', 'parameter_invalid', /^Invalid country: must be a two-letter ISO 3166-1 country code/],
      [{ ...base, state: 'US-NY' }, 'state', 'parameter_invalid', 'Invalid state: must be at most 3 characters'],
      [{ ...base, tax_type: 'poll_tax' }, 'tax_type', 'parameter_invalid', /^Invalid tax_type: must be one of admissions_tax, /],
    ];
    for (const [params, param, code, message] of cases) {
      await expectRejected(api, 'POST', '/v1/tax_rates', { params }, { status: 400, type: 'invalid_request_error', code, param, message });
    }
  });

  it('lists newest first by active, inclusive and created, page by page', async () => {
    const api = get();
    const start = api.clock.now() + 1000;
    api.clock.set(start);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(10);
      ids.push((await create({ display_name: `Rate ${i}`, percentage: i, inclusive: i % 2 === 0, active: i !== 4 })).id);
    }
    const list = async (params: Record<string, unknown>) => {
      const res = await api.call('GET', '/v1/tax_rates', { params: { created: { gte: start }, ...params } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const first = await list({ limit: 2 });
    assert.deepEqual([first.url, first.has_more, first.data.map((t: any) => t.id)], ['/v1/tax_rates', true, [ids[4], ids[3]]]);
    assert.deepEqual((await list({ limit: 2, starting_after: ids[3] })).data.map((t: any) => t.id), [ids[2], ids[1]]);
    assert.deepEqual((await list({ limit: 2, ending_before: ids[1] })).data.map((t: any) => t.id), [ids[3], ids[2]]);
    assert.deepEqual((await list({ inclusive: 'true' })).data.map((t: any) => t.id), [ids[4], ids[2], ids[0]]);
    assert.deepEqual((await list({ inclusive: 'true', active: 'true' })).data.map((t: any) => t.id), [ids[2], ids[0]]);
    assert.deepEqual((await list({ active: 'false' })).data.map((t: any) => t.id), [ids[4]]);
    assert.deepEqual((await list({ created: { gte: start, lt: start + 20 } })).data.map((t: any) => t.id), [ids[0]]);
  });

  it('answers 404 for a tax rate of another project or mode', async () => {
    const api = get();
    const t = await create({ display_name: 'Scoped', percentage: 5, inclusive: false });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      for (const [method, params] of [['GET', undefined], ['POST', { display_name: 'stolen' }]] as const) {
        assertApiError(await api.call(method, `/v1/tax_rates/${t.id}`, { key, params }), {
          status: 404,
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'id',
          message: `No such tax rate: '${t.id}'`,
        });
      }
      assert.deepEqual((await api.call('GET', '/v1/tax_rates', { key })).body.data, []);
    }
    assert.equal((await api.call('GET', `/v1/tax_rates/${t.id}`)).body.display_name, 'Scoped');
  });
});
