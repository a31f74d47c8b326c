import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/storage.ts';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';

for (const engine of ENGINES) {
  describe(`customers (${engine})`, () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(engine);
    });
    after(() => api.close());

    it('creates, retrieves, updates and deletes a customer', async () => {
      const created = await api.call('POST', '/v1/customers', {
        params: { email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { plan: 'pro' }, address: { city: 'Paris', country: 'FR' } },
      });
      assert.equal(created.status, 200);
      const c = created.body;
      assert.match(c.id, /^cus_[0-9A-Za-z]{24}$/);
      assert.equal(c.object, 'customer');
      assert.equal(c.livemode, false);
      assert.equal(c.email, 'jenny@example.com');
      assert.deepEqual(c.metadata, { plan: 'pro' });
      assert.deepEqual(c.address, { city: 'Paris', country: 'FR', line1: null, line2: null, postal_code: null, state: null });
      assert.equal(typeof c.created, 'number');

      const got = await api.call('GET', `/v1/customers/${c.id}`);
      assert.deepEqual(got.body, c);

      const updated = await api.call('POST', `/v1/customers/${c.id}`, {
        params: { name: 'Jenny R.', description: '', metadata: { plan: '', seats: '3' }, address: { line1: '1 Rue' } },
      });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.name, 'Jenny R.');
      assert.equal(updated.body.description, null);
      assert.deepEqual(updated.body.metadata, { seats: '3' });
      assert.equal(updated.body.address.city, 'Paris');
      assert.equal(updated.body.address.line1, '1 Rue');

      const deleted = await api.call('DELETE', `/v1/customers/${c.id}`);
      assert.deepEqual(deleted.body, { id: c.id, object: 'customer', deleted: true });
      const after = await api.call('GET', `/v1/customers/${c.id}`);
      assert.deepEqual(after.body, { id: c.id, object: 'customer', deleted: true });
      const again = await api.call('POST', `/v1/customers/${c.id}`, { params: { name: 'x' } });
      assert.equal(again.status, 404);
    });

    it('records customer events with previous attributes', async () => {
      const c = (await api.call('POST', '/v1/customers', { params: { email: 'ev@example.com' }, headers: { 'idempotency-key': 'ev-1' } })).body;
      await api.call('POST', `/v1/customers/${c.id}`, { params: { email: 'ev2@example.com' } });
      const events = (await api.call('GET', '/v1/events', { params: { type: 'customer.*', limit: 100 } })).body;
      const mine = events.data.filter((e: any) => e.data.object.id === c.id);
      assert.deepEqual(mine.map((e: any) => e.type), ['customer.updated', 'customer.created']);
      assert.deepEqual(mine[0].data.previous_attributes, { email: 'ev@example.com' });
      assert.equal(mine[1].request.idempotency_key, 'ev-1');
      assert.match(mine[1].request.id, /^req_/);
    });

    it('lists with email filter and cursor pagination', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await api.call('POST', '/v1/customers', { params: { email: `page${i}@example.com`, name: 'pager' } })).body.id);
      }
      const first = (await api.call('GET', '/v1/customers', { params: { limit: 2 } })).body;
      assert.equal(first.object, 'list');
      assert.equal(first.url, '/v1/customers');
      assert.deepEqual(first.data.map((c: any) => c.id), [ids[4], ids[3]]);
      assert.equal(first.has_more, true);
      const second = (await api.call('GET', '/v1/customers', { params: { limit: 2, starting_after: ids[3] } })).body;
      assert.deepEqual(second.data.map((c: any) => c.id), [ids[2], ids[1]]);
      const back = (await api.call('GET', '/v1/customers', { params: { limit: 2, ending_before: ids[2] } })).body;
      assert.deepEqual(back.data.map((c: any) => c.id), [ids[4], ids[3]]);
      assert.equal(back.has_more, false);
      const byEmail = (await api.call('GET', '/v1/customers', { params: { email: 'page2@example.com' } })).body;
      assert.deepEqual(byEmail.data.map((c: any) => c.id), [ids[2]]);
    });

    it('keeps test, live and other projects apart', async () => {
      const c = (await api.call('POST', '/v1/customers', { params: { name: 'scoped' } })).body;
      for (const key of [api.keys.live, api.keys.otherProject]) {
        const res = await api.call('GET', `/v1/customers/${c.id}`, { key });
        assert.equal(res.status, 404);
        assert.equal(res.body.error.code, 'resource_missing');
        assert.equal(res.body.error.message, `No such customer: '${c.id}'`);
      }
      const live = (await api.call('POST', '/v1/customers', { key: api.keys.live, params: { name: 'live one' } })).body;
      assert.equal(live.livemode, true);
    });
  });
}
