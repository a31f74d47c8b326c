import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { notSupportedParams } from '../../src/api/not-supported.ts';
import { auditParams, notSupportedTable, routeKey } from '../../scripts/param-audit.ts';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';

// Every parameter the `stripe` package declares for an endpoint Bursar serves (and, for a hash
// Bursar takes, each of its keys) is accepted by the route's schema, or refused as not supported
// with the reason docs/api.md gives: never unknown, never silently dropped.

/** The table of docs/api.md "Parameters not supported". */
function documentedTable(): string {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('| SDK method | Parameters not supported | Why |'));
  return table.slice(0, table.indexOf('\n\n'));
}

describe("the parameters of Stripe's declarations", () => {
  const { served, declared, total, refused, missing, shadowed } = auditParams();

  it('reads the parameters of each served method', () => {
    const create = declared.get('customers.create')!.map((p) => p.name);
    for (const name of ['email', 'metadata', 'invoice_settings', 'tax_id_data']) assert.ok(create.includes(name), name);
    const items = declared.get('subscriptions.update')!.find((p) => p.name === 'items')!;
    assert.ok(items.list && items.keys!.includes('price'));
    assert.ok(served.length > 100, `${served.length} served methods`);
  });

  it('accepts each one, or refuses it as not supported', () => {
    assert.deepEqual(missing, [], 'declared by Stripe, neither accepted nor refused as not supported');
    console.log(`${total} declared parameters of ${served.length} served methods: ${total - refused.length} accepted, ${refused.length} not supported`);
  });

  it('lists every one it refuses in docs/api.md, with the reason it gives', () => {
    assert.equal(documentedTable(), notSupportedTable(refused), 'docs/api.md differs: `npm run param-audit` prints the table');
  });

  it('refuses only parameters Stripe declares, of routes it has, that their schemas do not take', () => {
    assert.deepEqual(shadowed, [], 'taken by the schema, yet refused by src/api/not-supported.ts');
    const keys = new Set(served.map((s) => routeKey(s.route)));
    for (const [route, params] of Object.entries(notSupportedParams)) {
      assert.ok(keys.has(route), `${route} is no route the SDK calls`);
      for (const param of Object.keys(params)) assert.ok(refused.some((r) => routeKey(r.route) === route && r.param === param), `${route}: ${param}`);
    }
  });

  describeEachEngine('a request naming one', createTestApi, (get) => {
    it('answers 400 naming the parameter and saying it is not supported, and why', async () => {
      const api = get();
      const wrong: string[] = [];
      for (const r of refused) {
        const at = r.param.indexOf('[');
        const [top, key] = at < 0 ? [r.param, undefined] : [r.param.slice(0, at), r.param.slice(at + 1, -1)];
        const value = key === undefined ? 'x' : r.list ? [{ [key]: 'x' }] : { [key]: 'x' };
        const param = key !== undefined && r.list ? `${top}[0][${key}]` : r.param;
        const res = await api.call(r.route.method, r.route.path.replace(/:[a-z_]+/g, 'x_1'), { params: { [top]: value } });
        const expected = { status: 400, param, message: `${param} is not supported: ${r.why}` };
        const got = { status: res.status, param: res.body?.error?.param, message: res.body?.error?.message };
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${r.method} ${param}: ${JSON.stringify(got)}`);
      }
      assert.deepEqual(wrong, []);
    });
  });
});
