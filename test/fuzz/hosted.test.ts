import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { createTestApi, type TestApi } from '../support/api.ts';
import { createFuzzObjects, discoverIds, FUZZ_JWT, type IdsByCollection } from '../support/fuzz-fixture.ts';
import { abbreviate, fuzz, fuzzing, fuzzSettings, labelled } from '../support/fuzz-run.ts';
import { boundaryNumbers, longStrings, malformedBodies, nestedForm, oddStrings } from '../support/fuzz-values.ts';
import { operationsOf } from '../support/openapi-cases.ts';
import { openPortal, type PortalVisitor } from '../support/portal.ts';
import { describeEachEngine } from '../support/suite.ts';
import { PRESET_NAMES } from '../../src/modules/app-endpoints/presets.ts';

// The hosted pages' forms and the app endpoints take bodies too: whatever arrives, never a 5xx.

/** Form fields the portal's pages post, and a few they do not. */
const FIELDS = ['name', 'email', 'phone', 'line1', 'city', 'postal_code', 'country', 'price', 'quantity', 'reason', 'comment', 'type', 'value', 'payment_method', 'promotion_code', 'zz_unknown'];

/** A body of a portal form: malformed, or well formed with the page's CSRF token and one odd field. */
const formBodies = (csrf: string) =>
  fc.oneof(
    malformedBodies,
    fc
      .record({ field: fc.constantFrom(...FIELDS), value: fc.oneof(oddStrings, boundaryNumbers.map(String), longStrings) })
      .map(({ field, value }) => ({ what: `odd ${field}`, body: new URLSearchParams({ _csrf: csrf, [field]: value }).toString(), contentType: undefined })),
    fc.constantFrom(9, 1_000).map((depth) => ({ what: `nested ${depth} deep`, body: `_csrf=${csrf}&${nestedForm('name', depth)}`, contentType: undefined })),
  );

interface Fixture {
  api: TestApi;
  ids: IdsByCollection;
  visitor: PortalVisitor;
  endpoints: { method: string; path: string }[];
  token: string;
  close(): Promise<void>;
}

describeEachEngine(
  'fuzzed hosted forms and app endpoints',
  async (engine): Promise<Fixture> => {
    const api = await createTestApi(engine);
    await createFuzzObjects(api);
    const spec = await api.call('GET', '/v1/openapi.json', { key: null });
    const ids = await discoverIds(api, operationsOf(spec.body));
    for (const preset of PRESET_NAMES) await api.call('POST', '/v1/app_endpoints', { params: { preset } });
    const endpoints = (await api.call('GET', '/v1/app_endpoints', { params: { limit: 100 } })).body.data;
    const { visitor } = await openPortal(api, { customer: ids.customers[0] });
    const now = api.clock.now();
    const token = await new SignJWT({ sub: 'user_fuzz', org_id: 'org_fuzz' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(FUZZ_JWT.issuer)
      .setAudience(FUZZ_JWT.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(FUZZ_JWT.secret));
    return { api, ids, visitor, endpoints, token, close: () => api.close() };
  },
  (get) => {
    it('portal forms', { skip: !fuzzing('portal forms') }, async () => {
      const { api, ids, visitor } = get();
      // Every form the portal serves, its ids real (`:id` after `subscriptions` is a subscription's).
      const forms = api.app.routes
        .filter((r) => r.method === 'POST' && r.path.startsWith('/p/'))
        .map((r) => r.path.replace(/\/([\w-]+)\/:(\w+)/g, (_m, segment: string) => `/${segment}/${ids[segment.replace(/-/g, '_')]?.[0] ?? 'none'}`));
      assert.ok(forms.length >= 8, forms.join(' '));
      const cases = fc.tuple(fc.constantFrom(...forms), formBodies(visitor.csrf)).map(([path, body]) => labelled({ path, body }, () => `${path} ${body.what}: ${abbreviate(body.body, 200)}`));
      await fuzz('portal forms', cases, async ({ path, body }) => {
        const headers = { cookie: visitor.cookie, 'sec-fetch-site': 'same-origin', 'content-type': body.contentType ?? 'application/x-www-form-urlencoded' };
        const res = await api.app.request(path, { method: 'POST', headers, body: body.body });
        assert.ok(res.status < 500, `answered ${res.status}: ${abbreviate(await res.text())}`);
      }, 20 * fuzzSettings.runs);
    });

    it('app endpoints', { skip: !fuzzing('app endpoints') }, async () => {
      const { api, endpoints, token } = get();
      assert.ok(endpoints.length >= PRESET_NAMES.length, JSON.stringify(endpoints.map((e) => e.path)));
      const cases = fc.tuple(fc.constantFrom(...endpoints), malformedBodies).map(([endpoint, body]) => labelled({ endpoint, body }, () => `${endpoint.method} ${endpoint.path} ${body.what}`));
      await fuzz('app endpoints', cases, async ({ endpoint, body }) => {
        const headers = { authorization: `Bearer ${token}`, cookie: `access_token=${token}`, 'content-type': body.contentType ?? 'application/json', origin: 'https://app.example.com' };
        const res = await api.app.request(endpoint.path, { method: endpoint.method, headers, body: endpoint.method === 'GET' ? undefined : body.body });
        assert.ok(res.status < 500, `answered ${res.status}: ${abbreviate(await res.text())}`);
      }, 20 * fuzzSettings.runs);
    });
  },
);
