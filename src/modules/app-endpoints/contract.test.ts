import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { migrate } from '../../db/migrate.ts';

// What a contract puts into the HTTP response is checked when it is saved.

describeEachEngine('app endpoint contracts', createTestApi, (get) => {
  const create = (contract: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    get().call('POST', '/v1/app_endpoints', { json: { preset: 'bearer-data-envelope', path: '/statuses', contract, ...extra } });

  it('every status must be one a response with a body can carry: 400 naming it, nothing saved', async () => {
    const api = get();
    const cases: [Record<string, unknown>, string][] = [];
    for (const status of [101, 100, 199, 204, 205, 304, 600, 200.5, '101']) {
      cases.push([{ success: { status } }, 'contract[success][status]']);
      cases.push([{ errors: { unauthorized: { status } } }, 'contract[errors][unauthorized][status]']);
      cases.push([{ errors: { not_paid: { status, body: {} } } }, 'contract[errors][not_paid][status]']);
    }
    for (const [contract, param] of cases) {
      const reply = await create(contract);
      assert.equal(reply.status, 400, JSON.stringify(contract));
      assert.equal(reply.body.error.type, 'invalid_request_error');
      assert.equal(reply.body.error.param, param, JSON.stringify(contract));
    }
    assert.deepEqual((await api.call('GET', '/v1/app_endpoints')).body.data, []);
  });

  it('statuses with a body are kept and served, and an update is checked the same way', async () => {
    const api = get();
    const created = await create({ success: { status: 201 }, errors: { unauthorized: { status: 302, body: { login: '/login' } }, internal: { status: 599, body: {} } } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const reply = await api.app.request('/statuses', { method: 'POST' });
    assert.equal(reply.status, 302);
    assert.equal(((await reply.json()) as { login: string }).login, '/login');
    const updated = await api.call('POST', `/v1/app_endpoints/${created.body.id}`, { params: { contract: { success: { status: '205' } } } });
    assert.deepEqual([updated.status, updated.body.error?.param], [400, 'contract[success][status]']);
    assert.equal((await api.call('GET', `/v1/app_endpoints/${created.body.id}`)).body.contract.success.status, 201);
  });

  it('endpoints saved with such a status before it was checked are disabled by a migration; the others keep serving', async () => {
    const api = get();
    const db = api.storage.db as any;
    const good = await create({}, { path: '/still-served' });
    const bad = await create({}, { path: '/drops-connections' });
    const contract = JSON.parse((await db.selectFrom('app_endpoints').select('contract').where('id', '=', bad.body.id).executeTakeFirst()).contract);
    await db.updateTable('app_endpoints').set({ contract: JSON.stringify({ ...contract, errors: { ...contract.errors, unauthorized: { status: 101, body: {} } } }) }).where('id', '=', bad.body.id).execute();
    await db.deleteFrom('bursar_migrations').where('name', '=', '2026-12-07-0016-app-endpoint-statuses').execute();
    const result = await migrate(db);
    assert.deepEqual(result.results?.map((r) => [r.migrationName, r.status]), [['2026-12-07-0016-app-endpoint-statuses', 'Success']]);
    assert.equal((await api.call('GET', `/v1/app_endpoints/${bad.body.id}`)).body.enabled, false);
    assert.equal((await api.app.request('/drops-connections', { method: 'POST' })).status, 404);
    assert.equal((await api.call('GET', `/v1/app_endpoints/${good.body.id}`)).body.enabled, true);
    assert.equal((await api.app.request('/still-served', { method: 'POST' })).status, 401);
  });
});
