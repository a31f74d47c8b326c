import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/storage.ts';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';
import { purgeOldEvents, EVENT_RETENTION_SECONDS } from './service.ts';

for (const engine of ENGINES) {
  describe(`events (${engine})`, () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(engine);
    });
    after(() => api.close());

    it('filters by type, types[] and created, and retrieves one event', async () => {
      const t0 = api.clock.now();
      const c = (await api.call('POST', '/v1/customers', { params: { name: 'A' } })).body;
      api.clock.advance(10);
      await api.call('POST', `/v1/customers/${c.id}`, { params: { name: 'B' } });
      await api.call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: c.id } });

      const updated = (await api.call('GET', '/v1/events', { params: { type: 'customer.updated' } })).body;
      assert.deepEqual(updated.data.map((e: any) => e.type), ['customer.updated']);
      const several = (await api.call('GET', '/v1/events', { params: { types: ['customer.created', 'payment_method.attached'] } })).body;
      assert.deepEqual(several.data.map((e: any) => e.type), ['payment_method.attached', 'customer.created']);
      const later = (await api.call('GET', '/v1/events', { params: { created: { gt: t0 } } })).body;
      assert.deepEqual(later.data.map((e: any) => e.type), ['payment_method.attached', 'customer.updated']);

      const one = await api.call('GET', `/v1/events/${updated.data[0].id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.object, 'event');
      assert.equal(one.body.data.object.name, 'B');
      assert.deepEqual(one.body.data.previous_attributes, { name: 'A' });
      assert.equal(typeof one.body.api_version, 'string');
    });

    it('keeps events for 30 days, then purges them', async () => {
      const c = (await api.call('POST', '/v1/customers', { params: { name: 'old' } })).body;
      const find = async () =>
        (await api.call('GET', '/v1/events', { params: { type: 'customer.created', limit: 100 } })).body.data.some(
          (e: any) => e.data.object.id === c.id,
        );
      assert.equal(await find(), true);
      api.clock.advance(EVENT_RETENTION_SECONDS + 1);
      assert.equal(await find(), false);
      assert.ok((await purgeOldEvents({ db: api.storage.db, clock: api.clock })) >= 1);
      const left = await api.storage.db.selectFrom('events').select('id').where('created', '<', api.clock.now() - EVENT_RETENTION_SECONDS).execute();
      assert.deepEqual(left, []);
    });
  });
}
