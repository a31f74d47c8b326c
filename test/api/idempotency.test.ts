import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApi, type TestApi } from '../support/api.ts';
import { assertApiError, rowCounts } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';
import { insertClaim } from '../../src/api/idempotency-repository.ts';
import { requestHash } from '../../src/api/idempotency.ts';
import { authenticate } from '../../src/modules/api-keys/service.ts';

const DAY = 24 * 60 * 60;

const withKey = (key: string, params: Record<string, unknown>, apiKey?: string) => ({
  params,
  key: apiKey,
  headers: { 'idempotency-key': key },
});

async function customersNamed(api: TestApi, name: string, apiKey?: string): Promise<string[]> {
  const list = (await api.call('GET', '/v1/customers', { key: apiKey, params: { limit: 100 } })).body;
  return list.data.filter((c: { name: string }) => c.name === name).map((c: { id: string }) => c.id);
}

describeEachEngine('idempotent requests', createTestApi, (get) => {
  it('replays the stored response, status and body, with Idempotent-Replayed: true', async () => {
    const api = get();
    const request = withKey('replay-1', { name: 'Replay', metadata: { n: '1' } });
    const first = await api.call('POST', '/v1/customers', request);
    const before = await rowCounts(api.storage.db);
    const second = await api.call('POST', '/v1/customers', request);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.headers.get('idempotency-key'), 'replay-1');
    assert.deepEqual(second.body, first.body);
    assert.deepEqual(await rowCounts(api.storage.db), before, 'a replay writes nothing');
    assert.deepEqual(await customersNamed(api, 'Replay'), [first.body.id]);
  });

  it('refuses the same key with other parameters', async () => {
    const api = get();
    await api.call('POST', '/v1/customers', withKey('reuse-1', { name: 'First use' }));
    const before = await rowCounts(api.storage.db);
    const res = await api.call('POST', '/v1/customers', withKey('reuse-1', { name: 'Other use' }));
    assertApiError(res, {
      status: 400,
      type: 'idempotency_error',
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'reuse-1' if you meant to execute a different request.",
    });
    assert.deepEqual(await rowCounts(api.storage.db), before);
    const elsewhere = await api.call('POST', '/v1/customers/cus_whatever', withKey('reuse-1', { name: 'First use' }));
    assert.equal(elsewhere.body.error.type, 'idempotency_error', 'the same parameters on another endpoint are other parameters');
  });

  it('answers 409 while the first request with the key is still running, and takes over a dead one', async () => {
    const api = get();
    const params = { name: 'In flight' };
    const scope = await authenticate(api.storage.db, api.keys.test);
    const now = api.clock.now();
    // The first request claimed the key and is still running (its lease lasts a minute).
    await insertClaim(api.storage.db, scope, 'in-flight', requestHash('POST', '/v1/customers', params), now, now + 60);
    const before = await rowCounts(api.storage.db);
    const res = await api.call('POST', '/v1/customers', withKey('in-flight', params));
    assertApiError(res, {
      status: 409,
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
      message:
        'There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through): in-flight. Please try again later.',
    });
    assert.deepEqual(await rowCounts(api.storage.db), before);

    // That request died: once its lease has run out, a retry runs.
    api.clock.advance(61);
    const retry = await api.call('POST', '/v1/customers', withKey('in-flight', params));
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
    assert.deepEqual(await customersNamed(api, 'In flight'), [retry.body.id]);
  });

  it('lets one of several racing duplicates run: the others replay it or get 409', async () => {
    const api = get();
    const request = withKey('race-1', { name: 'Racer' });
    const responses = await Promise.all(Array.from({ length: 8 }, () => api.call('POST', '/v1/customers', request)));
    const ids = await customersNamed(api, 'Racer');
    assert.equal(ids.length, 1, 'one customer for one key');
    const [created] = ids;
    for (const res of responses) {
      if (res.status === 200) assert.equal(res.body.id, created);
      else assert.deepEqual([res.status, res.body.error.code], [409, 'idempotency_key_in_use']);
    }
    assert.equal(responses.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null).length, 1);
  });

  it('replays a card decline as it was answered', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Declined' } })).body;
    const attach = () => api.call('POST', '/v1/payment_methods/pm_card_chargeDeclined/attach', withKey('decline-1', { customer: customer.id }));
    const first = await attach();
    assertApiError(first, {
      status: 402,
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      payment_method: first.body.error.payment_method,
    });
    assert.match(first.body.error.payment_method.id, /^pm_/);
    assert.equal(first.body.error.payment_method.object, 'payment_method');
    const second = await attach();
    assert.equal(second.status, 402);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.body, first.body);
    const cards = (await api.call('GET', `/v1/customers/${customer.id}/payment_methods`)).body;
    assert.deepEqual(cards.data, []);
  });

  it('stores nothing for a request refused by validation, so the corrected retry runs', async () => {
    const api = get();
    const bad = await api.call('POST', '/v1/customers', withKey('fix-me', { name: 'Fixed', balance: 'ten' }));
    assert.equal(bad.status, 400);
    const good = await api.call('POST', '/v1/customers', withKey('fix-me', { name: 'Fixed', balance: 10 }));
    assert.equal(good.status, 200);
    assert.equal(good.body.balance, 10);
  });

  it('frees the key after a server fault, so the retry runs afresh', async () => {
    const api = get();
    const request = withKey('fault-1', { name: 'After a fault' });
    const before = await rowCounts(api.storage.db);
    // The events table disappears: the request fails at its last write.
    await sql`ALTER TABLE events RENAME TO events_away`.execute(api.storage.db);
    let failed;
    try {
      failed = await api.call('POST', '/v1/customers', request);
    } finally {
      await sql`ALTER TABLE events_away RENAME TO events`.execute(api.storage.db);
    }
    assertApiError(failed, { status: 500, type: 'api_error', message: 'An unexpected error occurred. Please try again.' });
    assert.deepEqual(await rowCounts(api.storage.db), before, 'the failed request left nothing behind, not even its key');

    const retry = await api.call('POST', '/v1/customers', request);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
    assert.deepEqual(await customersNamed(api, 'After a fault'), [retry.body.id]);
  });

  it('keeps a key for 24 hours', async (t) => {
    const api = get();
    const start = api.clock.now();
    t.after(() => api.clock.set(start));
    const first = await api.call('POST', '/v1/customers', withKey('day-1', { name: 'Day one' }));
    api.clock.advance(DAY);
    const replay = await api.call('POST', '/v1/customers', withKey('day-1', { name: 'Day one' }));
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.id, first.body.id);
    const reused = await api.call('POST', '/v1/customers', withKey('day-1', { name: 'Day two' }));
    assert.equal(reused.body.error?.type, 'idempotency_error');

    api.clock.advance(1);
    const fresh = await api.call('POST', '/v1/customers', withKey('day-1', { name: 'Day two' }));
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('idempotent-replayed'), null);
    assert.notEqual(fresh.body.id, first.body.id);
    assert.equal(fresh.body.name, 'Day two');
  });

  it('keeps keys apart per project and mode', async () => {
    const api = get();
    const ids = new Set<string>();
    for (const apiKey of [api.keys.test, api.keys.live, api.keys.otherProject]) {
      const res = await api.call('POST', '/v1/customers', withKey('shared-key', { name: 'Shared key' }, apiKey));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('idempotent-replayed'), null);
      ids.add(res.body.id);
      assert.deepEqual(await customersNamed(api, 'Shared key', apiKey), [res.body.id]);
    }
    assert.equal(ids.size, 3);
  });
});
