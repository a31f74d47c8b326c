import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiRoutes } from '../../src/api/routes.ts';
import { UNSUPPORTED, whyNotSupported } from '../../src/api/unsupported-params.ts';
import { patternOf, sdkEndpoints } from '../../scripts/sdk-endpoints.ts';
import { createTestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { declaredParams } from '../support/declared-params.ts';
import { describeEachEngine } from '../support/suite.ts';

/** The rows of docs/api.md's table of parameters not supported: `METHOD path` → names. */
function documented(): Map<string, string[]> {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('| Endpoint | Parameters not supported |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  return new Map(rows.map((row) => {
    const [endpoint, names] = row.split('|').slice(1, 3).map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    return [endpoint![0]!, names!];
  }));
}

describe("parameters the stripe package declares for the endpoints Bursar serves", () => {
  const declared = declaredParams();
  const served = sdkEndpoints().flatMap((e) => {
    const route = apiRoutes.find((r) => r.method === e.verb && patternOf(r.path) === e.pattern);
    return route ? [{ route, key: `${route.method} ${route.path}`, names: declared.get(`${e.resource}.${e.method}`) ?? [] }] : [];
  });

  it('reads the declarations of the methods it serves', () => {
    const create = served.find((s) => s.key === 'POST /v1/subscriptions');
    assert.ok(create?.names.includes('payment_settings') && create.names.includes('items'));
  });

  it('takes each one: honoured by its schema, or refused as not supported', () => {
    const missing = served.flatMap(({ route, key, names }) => names.filter((n) => n !== 'expand' && !Object.hasOwn(route.params.shape, n)).map((n) => `${key} ${n}`));
    assert.deepEqual(missing, [], 'declared by the SDK, neither in the schema nor refused as not supported (src/api/unsupported-params.ts)');
  });

  it('refuses only what the SDK declares and the schema does not honour, and docs/api.md lists exactly those', () => {
    const stale: string[] = [];
    for (const [key, names] of Object.entries(UNSUPPORTED)) {
      const endpoint = served.find((s) => s.key === key);
      for (const name of names) if (!endpoint?.names.includes(name)) stale.push(`${key} ${name}`);
    }
    assert.deepEqual(stale, [], 'refused, yet no SDK method of this endpoint declares it');
    assert.deepEqual(Object.fromEntries(documented()), Object.fromEntries(Object.entries(UNSUPPORTED).map(([k, v]) => [k, [...v]])));
  });
});

describeEachEngine('a parameter Bursar does not support', createTestApi, (get) => {
  it('is refused with a 400 naming it and saying why, and nothing is written', async () => {
    const api = get();
    await expectRejected(api, 'POST', '/v1/customers', { params: { email: 'a@example.com', cash_balance: { settings: { reconciliation_mode: 'automatic' } } } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'cash_balance', message: `cash_balance is not supported: ${whyNotSupported('cash_balance')}`,
    });
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: 'cus_x', on_behalf_of: 'acct_1' } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'on_behalf_of', message: 'on_behalf_of is not supported: Connect: Bursar has no connected accounts.',
    });
    // An unknown parameter is still Stripe's "unknown parameter".
    await expectRejected(api, 'POST', '/v1/customers', { params: { bogus: 1 } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_unknown', param: 'bogus', message: 'Received unknown parameter: bogus',
    });
  });
});
