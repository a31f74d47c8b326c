import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { assertApiError } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

const JAN_1_2027 = 1_798_761_600;

describeEachEngine('test clocks', createTestApi, (api) => {
  it('creates, advances, lists and retrieves a clock, with its events', async () => {
    const created = await api().call('POST', '/v1/test_helpers/test_clocks', { params: { frozen_time: JAN_1_2027, name: 'renewals' } });
    assert.equal(created.status, 200);
    const clock = created.body;
    assert.match(clock.id, /^clock_/);
    assert.equal(clock.object, 'test_helpers.test_clock');
    assert.equal(clock.frozen_time, JAN_1_2027);
    assert.equal(clock.status, 'ready');
    assert.equal(clock.name, 'renewals');
    assert.equal(clock.deletes_after, clock.created + 30 * 86_400);

    const advanced = await api().call('POST', `/v1/test_helpers/test_clocks/${clock.id}/advance`, {
      params: { frozen_time: JAN_1_2027 + 31 * 86_400 },
    });
    assert.equal(advanced.status, 200);
    assert.equal(advanced.body.frozen_time, JAN_1_2027 + 31 * 86_400);
    assert.equal(advanced.body.status, 'ready');
    assert.deepEqual((await api().call('GET', `/v1/test_helpers/test_clocks/${clock.id}`)).body, advanced.body);

    const list = (await api().call('GET', '/v1/test_helpers/test_clocks')).body;
    assert.equal(list.url, '/v1/test_helpers/test_clocks');
    assert.ok(list.data.some((c: { id: string }) => c.id === clock.id));

    const events = (await api().call('GET', '/v1/events', { params: { type: 'test_helpers.test_clock.*', limit: 100 } })).body.data
      .filter((e: any) => e.data.object.id === clock.id)
      .map((e: any) => e.type);
    assert.deepEqual(events, ['test_helpers.test_clock.ready', 'test_helpers.test_clock.advancing', 'test_helpers.test_clock.created']);
  });

  it('refuses to move a clock back or to stand still', async () => {
    const clock = (await api().call('POST', '/v1/test_helpers/test_clocks', { params: { frozen_time: JAN_1_2027 } })).body;
    for (const frozen_time of [JAN_1_2027, JAN_1_2027 - 1]) {
      const res = await api().call('POST', `/v1/test_helpers/test_clocks/${clock.id}/advance`, { params: { frozen_time } });
      assertApiError(res, {
        status: 400,
        type: 'invalid_request_error',
        param: 'frozen_time',
        message: `The frozen_time must be after the clock's current frozen_time (${JAN_1_2027}).`,
      });
    }
    assertApiError(await api().call('POST', '/v1/test_helpers/test_clocks', { params: {} }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'frozen_time',
      message: 'Missing required param: frozen_time.',
    });
  });

  it('puts customers on a clock; deleting the clock deletes them', async () => {
    const clock = (await api().call('POST', '/v1/test_helpers/test_clocks', { params: { frozen_time: JAN_1_2027 } })).body;
    const customer = (await api().call('POST', '/v1/customers', { params: { name: 'On the clock', test_clock: clock.id } })).body;
    assert.equal(customer.test_clock, clock.id);
    const other = (await api().call('POST', '/v1/customers', { params: { name: 'Real time' } })).body;

    const onClock = (await api().call('GET', '/v1/customers', { params: { test_clock: clock.id } })).body.data.map((c: any) => c.id);
    assert.deepEqual(onClock, [customer.id]);
    const expanded = (await api().call('GET', `/v1/customers/${customer.id}`, { params: { expand: ['test_clock'] } })).body;
    assert.equal(expanded.test_clock.id, clock.id);

    const deleted = await api().call('DELETE', `/v1/test_helpers/test_clocks/${clock.id}`);
    assert.deepEqual(deleted.body, { id: clock.id, object: 'test_helpers.test_clock', deleted: true });
    assert.equal((await api().call('GET', `/v1/test_helpers/test_clocks/${clock.id}`)).status, 404);
    assert.deepEqual((await api().call('GET', `/v1/customers/${customer.id}`)).body, { id: customer.id, object: 'customer', deleted: true });
    assert.equal((await api().call('GET', `/v1/customers/${other.id}`)).body.name, 'Real time');
  });

  it('refuses unknown clocks, other scopes and live mode', async () => {
    const clock = (await api().call('POST', '/v1/test_helpers/test_clocks', { params: { frozen_time: JAN_1_2027 } })).body;
    assertApiError(await api().call('POST', '/v1/customers', { params: { test_clock: 'clock_missing' } }), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'test_clock',
      message: "No such test clock: 'clock_missing'",
    });
    assert.equal((await api().call('GET', `/v1/test_helpers/test_clocks/${clock.id}`, { key: api().keys.otherProject })).status, 404);
    const live = await api().call('POST', '/v1/test_helpers/test_clocks', { key: api().keys.live, params: { frozen_time: JAN_1_2027 } });
    assertApiError(live, { status: 400, type: 'invalid_request_error', message: /available in test mode only/ });
  });
});
