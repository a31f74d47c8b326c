import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import qs from 'qs';
import { createTestApi, type CallResult, type TestApi } from '../support/api.ts';
import { createFuzzObjects, discoverIds, idsByName, pathIds, type IdsByCollection } from '../support/fuzz-fixture.ts';
import { abbreviate, assertAnswer, fuzz, fuzzing, labelled } from '../support/fuzz-run.ts';
import { fuzzCases, operationsOf, type FuzzCase, type Operation } from '../support/openapi-cases.ts';
import { describeEachEngine } from '../support/suite.ts';
import { changedTables, snapshotTables } from '../support/table-snapshot.ts';

// Every operation of Bursar's own OpenAPI description gets requests with one defect each.
// Whatever the defect: no 5xx, Stripe's error envelope on a 4xx (naming the parameter at
// fault), and nothing written by a refused request.

const spec = await createTestApi('sqlite');
// Deletions last: the other operations meet live objects.
const operations = operationsOf((await spec.call('GET', '/v1/openapi.json', { key: null })).body).sort(
  (a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
);
await spec.close();

/** The case as a request: parameters in the query (GET, DELETE) or the body, raw text after or instead of them. */
function send(api: TestApi, op: Operation, ids: Record<string, string>, c: FuzzCase): Promise<CallResult> {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, p: string) => ids[p]);
  const encoded = [qs.stringify(c.params, { arrayFormat: 'indices' }), c.raw?.body].filter(Boolean).join('&');
  if (op.method !== 'POST') return api.call(op.method, encoded ? `${path}?${encoded}` : path);
  if (c.encoding === 'json') {
    return api.call('POST', path, { body: c.raw?.body ?? JSON.stringify(c.params), headers: { 'content-type': c.raw?.contentType ?? 'application/json' } });
  }
  const body = c.raw && Object.keys(c.params).length === 0 ? c.raw.body : encoded;
  return api.call('POST', path, { body, headers: c.raw?.contentType ? { 'content-type': c.raw.contentType } : {} });
}

interface Fixture {
  api: TestApi;
  ids: IdsByCollection;
  otherProjectId: string;
  close(): Promise<void>;
}

describeEachEngine(
  'fuzzed API operations',
  async (engine): Promise<Fixture> => {
    const api = await createTestApi(engine);
    const { otherProjectId } = await createFuzzObjects(api);
    return { api, ids: await discoverIds(api, operations), otherProjectId, close: () => api.close() };
  },
  (get) => {
    let byName: ReturnType<typeof idsByName>;
    before(() => {
      byName = idsByName(get().ids);
    });
    it('the snapshot sees a new row and a changed one', async () => {
      const { api } = get();
      const tablesOf = (changes: string[]) => changes.map((c) => c.split(':')[0]);
      const start = await snapshotTables(api.storage);
      const created = await api.call('POST', '/v1/customers', { params: { name: 'Snapshot' } });
      const added = await snapshotTables(api.storage);
      assert.ok(tablesOf(changedTables(start, added)).includes('customers'));
      await api.storage.db.updateTable('customers').set({ name: 'Changed' }).where('id', '=', created.body.id).execute();
      assert.deepEqual(tablesOf(changedTables(added, await snapshotTables(api.storage))), ['customers']);
    });

    for (const op of operations) {
      const name = `${op.method} ${op.path}`;
      describe(name, () => {
        // The kinds of defect this operation's parameters allow (real ids only change values).
        for (const kind of Object.keys(fuzzCases(op, {}))) {
          it(kind, { skip: !fuzzing(`${name} ${kind}`) }, async () => {
            const { api, ids, otherProjectId } = get();
            const arbitrary = fuzzCases(op, byName)[kind];
            const cases = fc.tuple(pathIds(op, ids, otherProjectId), arbitrary).map(([path, c]) => {
              const shown = () => abbreviate(c.raw ? c.raw.body : JSON.stringify(c.params), 200);
              return labelled({ path, c }, () => `${c.what} (${c.encoding}) ${JSON.stringify(path.ids)}: ${shown()}`);
            });
            // Only this suite writes to its database: the state after one request is the state before the next.
            let before = await snapshotTables(api.storage);
            await fuzz(`${name} ${kind}`, cases, async ({ path, c }) => {
              const res = await send(api, op, path.ids, c);
              const after = await snapshotTables(api.storage);
              const changed = changedTables(before, after);
              before = after;
              // An odd path may not reach this operation at all: its parameters are then never read.
              assertAnswer(res, path.odd ? undefined : c.culprit);
              // A declined card is recorded though the request fails (as in Stripe).
              if (res.status >= 400 && res.body.error.type !== 'card_error') assert.deepEqual(changed, [], 'a refused request wrote rows');
            });
          });
        }
      });
    }
  },
);
