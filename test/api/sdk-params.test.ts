import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiRoutes } from '../../src/api/routes.ts';
import { paramsOf, type Route } from '../../src/api/route.ts';
import { notSupportedParams } from '../../src/api/not-supported.ts';
import { patternOf, sdkEndpoints, type SdkEndpoint } from '../../scripts/sdk-endpoints.ts';
import { sdkParams } from '../../scripts/sdk-params.ts';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { hashShape, notSupportedWhy } from '../support/param-keys.ts';

// Every parameter the `stripe` package declares for an endpoint Bursar serves (and, for a hash
// Bursar takes, each of its keys) is accepted by the route's schema, or refused as not supported
// with the reason docs/api.md gives: never unknown, never silently dropped.

const routeKey = (route: Route) => `${route.method} ${route.path}`;

/** Each served route with the SDK method that calls it. */
const served: { route: Route; method: string; endpoint: SdkEndpoint }[] = [];
for (const endpoint of sdkEndpoints()) {
  const route = apiRoutes.find((r) => r.method === endpoint.verb && patternOf(r.path) === endpoint.pattern);
  if (route) served.push({ route, method: `${endpoint.resource}.${endpoint.method}`, endpoint });
}

interface Refused {
  method: string;
  route: Route;
  /** `tax`, `invoice_settings[rendering_options]`, `items[price_data]` (a key of each hash of a list). */
  param: string;
  list: boolean;
  why: string;
}

/** `stripe.customers.create` → parameter → why, from the table of docs/api.md. */
function documented(): Map<string, Map<string, string>> {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('| SDK method | Parameters not supported | Why |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  const out = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const [method, params, why] = row.slice(2, -2).split(' | ');
    const name = /^`stripe\.(.+)`$/.exec(method!)![1]!;
    const into = out.get(name) ?? new Map<string, string>();
    for (const [, param] of params!.matchAll(/`([^`]+)`/g)) into.set(param!, why!);
    out.set(name, into);
  }
  return out;
}

describe("the parameters of Stripe's declarations", () => {
  const declared = sdkParams(new Set(served.map((s) => s.endpoint.resource)));
  const docs = documented();
  const refused: Refused[] = [];
  const missing: string[] = [];
  let total = 0;

  for (const { route, method } of served) {
    const shape = paramsOf(route).shape;
    const fromTable = notSupportedParams[routeKey(route)] ?? {};
    const classify = (param: string, schema: unknown, list: boolean) => {
      total++;
      const why = fromTable[param] ?? (schema ? notSupportedWhy(schema as never) : undefined);
      if (why !== undefined) refused.push({ method, route, param, list, why });
      else if (!schema) missing.push(`${method}: ${param}`);
      return why === undefined && schema !== undefined;
    };
    for (const param of declared.get(method) ?? []) {
      const schema = shape[param.name];
      if (!classify(param.name, schema, false) || !param.keys) continue;
      // Bursar takes a free-form value here (refused or checked by the service): no keys to compare.
      const keys = hashShape(schema!);
      if (!keys) continue;
      for (const key of param.keys) classify(`${param.name}[${key}]`, keys[key], param.list);
    }
  }

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
    const undocumented = refused.filter((r) => docs.get(r.method)?.get(r.param) !== r.why).map((r) => `${r.method}: ${r.param} (${r.why})`);
    assert.deepEqual(undocumented, []);
    const stale = [...docs].flatMap(([method, params]) => [...params.keys()].filter((p) => !refused.some((r) => r.method === method && r.param === p)).map((p) => `${method}: ${p}`));
    assert.deepEqual(stale, [], 'listed in docs/api.md, yet not a refused parameter of a served method');
  });

  it('refuses only parameters Stripe declares, of routes it has', () => {
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
