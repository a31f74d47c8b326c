import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../support/api.ts';
import { apiRoutes } from '../../src/api/routes.ts';

describe('OpenAPI document and reference page', () => {
  let api: TestApi;
  before(async () => {
    api = await createTestApi('sqlite');
  });
  after(() => api.close());

  it('describes every API route, without a key', async () => {
    const res = await api.call('GET', '/v1/openapi.json', { key: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    for (const route of apiRoutes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      assert.ok(res.body.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path} is documented`);
    }
  });

  it('documents the parameters the validator enforces', async () => {
    const spec = (await api.call('GET', '/v1/openapi.json', { key: null })).body;
    const create = spec.paths['/v1/customers'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
    assert.equal(create.additionalProperties, false);
    assert.deepEqual(create.properties.balance.type, 'integer');
    assert.ok(create.properties.metadata);
    const list = spec.paths['/v1/customers'].get.parameters.map((p: { name: string }) => p.name);
    for (const name of ['limit', 'starting_after', 'ending_before', 'email', 'created', 'expand']) assert.ok(list.includes(name), name);
    const limit = spec.paths['/v1/customers'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    assert.equal(limit.schema.minimum, 1);
    assert.equal(limit.schema.maximum, 100);
  });

  it('documents a decimal as the number a client sends, with its bounds', async () => {
    const spec = (await api.call('GET', '/v1/openapi.json', { key: null })).body;
    const body = (path: string) => spec.paths[path].post.requestBody.content['application/json'].schema.properties;
    assert.deepEqual(body('/v1/coupons').percent_off, { type: 'number', exclusiveMinimum: 0, maximum: 100 });
    assert.deepEqual(body('/v1/tax_rates').percentage, { type: 'number', minimum: 0, maximum: 100 });
    const coupon = await api.call('POST', '/v1/coupons', { json: { percent_off: 12.5, duration: 'once' } });
    assert.equal(coupon.body.percent_off, 12.5);
  });

  it('serves a readable reference page', async () => {
    const res = await api.app.request('/docs/api');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /<h2>Customers<\/h2>/);
    assert.match(html, /POST \/v1\/customers/);
    assert.match(html, /<code>email<\/code>/);
  });

  it('accepts a Stripe-Version header', async () => {
    const res = await api.call('GET', '/v1/customers', { headers: { 'stripe-version': '2024-06-20' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('request-id') ?? '', /^req_/);
  });
});
