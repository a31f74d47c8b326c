import fc from 'fast-check';
import type { TestApi } from './api.ts';
import { apiPost, portalFixture } from './portal.ts';
import { oddIds } from './fuzz-values.ts';
import type { IdsByName, Operation } from './openapi-cases.ts';

/** Real ids by collection (the path segment before an id: `customers`, `tax_ids` …). */
export type IdsByCollection = Record<string, string[]>;

/** The app's end-user tokens, as the app endpoint settings the fixture saves verify them. */
export const FUZZ_JWT = { secret: 'a-secret-of-the-app-with-32-characters-or-more', issuer: 'https://auth.example', audience: 'billing' };

/** One object of every kind, so that fuzzed requests reach real objects: ids in paths and in parameters. */
export async function createFuzzObjects(api: TestApi): Promise<{ otherProjectId: string }> {
  const post = (path: string, params: Record<string, unknown> = {}) => apiPost(api, path, params);
  const { customer, prices, subscription, configuration } = await portalFixture(api);
  const coupon = await post('/v1/coupons', { percent_off: 10, duration: 'once' });
  await post('/v1/promotion_codes', { promotion: { type: 'coupon', coupon: coupon.id }, code: 'FUZZ10' });
  await post('/v1/tax_rates', { display_name: 'VAT', percentage: 20, inclusive: false });
  await post('/v1/test_helpers/test_clocks', { frozen_time: api.clock.now() });
  await post('/v1/invoiceitems', { customer: customer.id, amount: 1000, currency: 'usd' });
  await post('/v1/invoices', { customer: customer.id });
  await post(`/v1/customers/${customer.id}/tax_ids`, { type: 'eu_vat', value: 'DE123456789' });
  await post('/v1/webhook_endpoints', { url: 'https://hooks.example.com/bursar', enabled_events: ['*'] });
  await post('/v1/app_endpoint_settings', { jwt_secret: FUZZ_JWT.secret, issuer: FUZZ_JWT.issuer, audience: FUZZ_JWT.audience });
  await post('/v1/app_endpoints', { preset: 'bearer-data-envelope' });
  await post('/v1/customer_api_keys', { customer: customer.id });
  await post('/v1/billing_portal/sessions', { customer: customer.id, configuration: configuration.id });
  await post(`/v1/subscriptions/${subscription.id}`, { items: [{ id: subscription.items.data[0].id, price: prices.bigger.id }] });
  await post('/v1/subscription_schedules', { customer: customer.id, start_date: api.clock.now() + 86_400, phases: [{ items: [{ price: prices.bigger.id }] }] });
  const other = await api.call('POST', '/v1/customers', { key: api.keys.otherProject, params: { name: 'Elsewhere' } });
  return { otherProjectId: other.body.id };
}

const collectionOf = (path: string, param: string) => path.split('/')[path.split('/').indexOf(`{${param}}`) - 1];

/** Ids found through the document's own list operations, so a new resource is covered without a change here. */
export async function discoverIds(api: TestApi, ops: Operation[]): Promise<IdsByCollection> {
  const ids: IdsByCollection = {};
  const lists = ops.filter((op) => op.method === 'GET' && !op.path.endsWith('}'));
  // Nested lists need their parent's id: a second pass finds them.
  for (let pass = 0; pass < 2; pass++) {
    for (const op of lists) {
      const path = op.path.replace(/\{(\w+)\}/g, (_m, p: string) => ids[collectionOf(op.path, p)]?.[0] ?? 'none');
      const res = await api.call('GET', path);
      const found: string[] = (res.body?.data ?? []).map((o: { id: string }) => o.id).filter(Boolean);
      const collection = op.path.split('/').at(-1)!;
      if (found.length > 0) ids[collection] = [...new Set([...(ids[collection] ?? []), ...found])];
    }
  }
  return ids;
}

/** Real values by the names of parameters that take them: `customer`, `default_payment_method`, `tax_rates`, `currency` … */
export function idsByName(ids: IdsByCollection): IdsByName {
  const names: IdsByName = { currency: 'usd', url: 'https://hooks.example.com/fuzz' };
  for (const [collection, [id]] of Object.entries(ids)) {
    const singular = collection.replace(/s$/, '');
    Object.assign(names, { [collection]: id, [singular]: id, [`default_${singular}`]: id, [`default_${collection}`]: id });
  }
  return names;
}

/** Ids for a path's parameters: mostly real, else another object's, none at all, another project's, or not an id. */
export function pathIds(op: Operation, ids: IdsByCollection, otherProjectId: string): fc.Arbitrary<{ ids: Record<string, string>; odd: boolean }> {
  const all = Object.values(ids).flat();
  const one = (param: string): fc.Arbitrary<{ id: string; odd: boolean }> => {
    const real = ids[collectionOf(op.path, param)] ?? [];
    const usual = (arb: fc.Arbitrary<string>) => arb.map((id) => ({ id, odd: false }));
    return fc.oneof(
      { weight: 6, arbitrary: usual(real.length > 0 ? fc.constantFrom(...real) : fc.constant('zz_nonexistent')) },
      { weight: 1, arbitrary: usual(fc.constantFrom(...all, 'cus_NonExistent000', otherProjectId)) },
      { weight: 1, arbitrary: oddIds.map((id) => ({ id, odd: true })) },
    );
  };
  return fc.tuple(...op.pathParams.map(one)).map((values) => ({
    ids: Object.fromEntries(op.pathParams.map((p, i) => [p, values[i].id])),
    odd: values.some((v) => v.odd),
  }));
}
