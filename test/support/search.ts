import assert from 'node:assert/strict';
import type { TestApi } from './api.ts';

/** What `GET /v1/<resource>/search` finds for `query`, as the names `named` gives those ids, sorted. */
export async function searchNames(api: TestApi, resource: string, named: Record<string, string>, query: string): Promise<string[]> {
  const res = await api.call('GET', `/v1/${resource}/search`, { params: { query } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.object, 'search_result');
  assert.equal(res.body.url, `/v1/${resource}/search`);
  return res.body.data.map((o: { id: string }) => Object.keys(named).find((name) => named[name] === o.id) ?? o.id).sort();
}
