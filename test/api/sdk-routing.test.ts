import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import * as z from 'zod';
import { byPrecedence, defineRoute, mountRoutes, unrecognizedUrl, type ApiDeps, type ApiEnv, type Route } from '../../src/api/route.ts';
import { apiRoutes } from '../../src/api/routes.ts';
import { patternOf, sdkEndpoints } from '../../scripts/sdk-endpoints.ts';

/** The route table, each route answering with its own method and path instead of doing its work. */
function probeApp(routes: readonly Route[]): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use((c, next) => {
    c.set('scope', { projectId: 'proj_probe', livemode: false } as ApiEnv['Variables']['scope']);
    return next();
  });
  const probes = routes.map((route) =>
    defineRoute({
      ...route,
      params: z.object({}),
      readOnly: true,
      cacheable: false,
      handle: async () => ({ object: 'probe', route: `${route.method} ${route.path}` }),
    }),
  );
  mountRoutes(app, probes as Route[], { expand: { fields: {}, loaders: {}, includes: {} } } as unknown as ApiDeps);
  app.notFound(unrecognizedUrl);
  return app;
}

const route = (method: Route['method'], path: string) => ({ method, path }) as Route;

describe('the route table', () => {
  it('lets a fixed path segment win over a parameter, whatever the order routes are listed in', () => {
    const ordered = byPrecedence([route('GET', '/v1/a/:id'), route('GET', '/v1/a/:id/b'), route('GET', '/v1/a/search'), route('GET', '/v1/a/:id/:x'), route('GET', '/v1/a')]);
    assert.deepEqual(
      ordered.map((r) => r.path),
      ['/v1/a', '/v1/a/search', '/v1/a/:id', '/v1/a/:id/b', '/v1/a/:id/:x'],
    );
  });

  it("sends every request the stripe package makes to Bursar's route for that path, or answers Stripe's 404", async () => {
    const app = probeApp(apiRoutes);
    const served = new Set(apiRoutes.map((r) => `${r.method} ${patternOf(r.path)}`));
    const wrong: string[] = [];
    for (const endpoint of sdkEndpoints()) {
      const path = endpoint.pattern.replaceAll(':param', 'probe_id');
      const res = await app.request(path, { method: endpoint.verb });
      const body = (await res.json()) as { route?: string; error?: { message: string } };
      const key = `${endpoint.verb} ${endpoint.pattern}`;
      if (served.has(key)) {
        if (body.route === undefined || `${endpoint.verb} ${patternOf(body.route.slice(endpoint.verb.length + 1))}` !== key) wrong.push(`${key} (${endpoint.resource}.${endpoint.method}) reached ${body.route ?? res.status}`);
      } else if (res.status !== 404 || body.error?.message !== `Unrecognized request URL (${endpoint.verb}: ${path}).`) {
        wrong.push(`${key} (${endpoint.resource}.${endpoint.method}) is not served but reached ${body.route ?? res.status}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('reads the methods of the stripe package, search included', () => {
    const endpoints = sdkEndpoints();
    assert.ok(endpoints.length > 500, `${endpoints.length} methods`);
    const find = (resource: string, method: string) => endpoints.find((e) => e.resource === resource && e.method === method);
    assert.deepEqual(find('customers', 'search'), { resource: 'customers', method: 'search', verb: 'GET', pattern: '/v1/customers/search' });
    assert.deepEqual(find('customers', 'retrieveTaxId'), { resource: 'customers', method: 'retrieveTaxId', verb: 'GET', pattern: '/v1/customers/:param/tax_ids/:param' });
    assert.deepEqual(find('billingPortal.sessions', 'create'), { resource: 'billingPortal.sessions', method: 'create', verb: 'POST', pattern: '/v1/billing_portal/sessions' });
  });
});
