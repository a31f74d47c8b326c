import assert from 'node:assert/strict';
import { SignJWT, type JWTPayload } from 'jose';
import type { Engine } from '../../src/db/engine.ts';
import { portalFixture, apiPost, textOf } from './portal.ts';
import { startSdkServer, type SdkServer } from './sdk.ts';

export const JWT_SECRET = 'an-hs256-secret-of-the-app-with-32+-characters';
export const ISSUER = 'https://auth.app.example';
export const AUDIENCE = 'billing';
export const DEFAULT_RETURN_URL = 'https://app.example.com/settings/billing';

export interface Reply {
  status: number;
  type: string | null;
  body: any;
  headers: Headers;
}

export interface AppEndpointsServer extends SdkServer {
  base: string;
  project: string;
  /** Customers by who calls for them: Ada (paid Pro plan, user_ada), Grace (free plan, user_grace), Acme (organization org_acme). */
  customers: { ada: any; grace: any; acme: any };
  prices: { monthly: any; bigger: any; free: any };
  /** An end-user token as the app's auth server signs it (HS256, issuer, audience, one hour) with these claims. */
  token(claims: JWTPayload, options?: { secret?: string; issuer?: string; audience?: string; expiresIn?: number; alg?: string }): Promise<string>;
  /** Enables a preset on the project (test mode unless `key` says otherwise). */
  enable(preset: string, params?: Record<string, unknown>, key?: string): Promise<any>;
  /** Sends a documented request with only the host changed to this server's. */
  send(documentedUrl: string, init?: RequestInit): Promise<Reply>;
  /** Opens a portal link the way a browser does and returns the portal home page's text. */
  portalText(url: string): Promise<string>;
}

/** Bursar on a real HTTP server with JWT settings and three customers the app knows by reference. */
export async function startAppEndpoints(engine: Engine): Promise<AppEndpointsServer> {
  const server = await startSdkServer(engine);
  const { api } = server;
  const post = (path: string, params: Record<string, unknown>) => apiPost(api, path, params);
  const base = `http://127.0.0.1:${server.port}`;
  await post('/v1/app_endpoint_settings', { jwt_secret: JWT_SECRET, issuer: ISSUER, audience: AUDIENCE });

  const fixture = await portalFixture(api, 'Ada Lovelace');
  await post(`/v1/billing_portal/configurations/${fixture.configuration.id}`, { default_return_url: DEFAULT_RETURN_URL });
  const ada = await post(`/v1/customers/${fixture.customer.id}`, { metadata: { bursar_ref: 'user_ada' } });
  const free = await post('/v1/prices', { product: fixture.products.pro.id, currency: 'usd', unit_amount: 0, recurring: { interval: 'month' } });
  const grace = await post('/v1/customers', { name: 'Grace Hopper', email: 'grace@example.com', metadata: { bursar_ref: 'user_grace' } });
  const card = await post('/v1/payment_methods/pm_card_visa/attach', { customer: grace.id });
  await post('/v1/subscriptions', { customer: grace.id, items: [{ price: free.id }], default_payment_method: card.id });
  const acme = await post('/v1/customers', { name: 'Acme Corp', email: 'billing@acme.example', metadata: { bursar_ref: 'org_acme' } });
  const project = (await api.ctx()).scope.projectId;

  return {
    ...server,
    base,
    project,
    customers: { ada, grace, acme },
    prices: { monthly: fixture.prices.monthly, bigger: fixture.prices.bigger, free },
    async token(claims, options = {}) {
      const now = api.clock.now();
      return new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'HS256' })
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 3600))
        .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
    },
    async enable(preset, params = {}, key) {
      const res = await api.call('POST', '/v1/app_endpoints', { json: { preset, ...params }, key });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    },
    async send(documentedUrl, init = {}) {
      const url = new URL(documentedUrl);
      const res = await fetch(`${base}${url.pathname}${url.search}`, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: res.status, type: res.headers.get('content-type'), body, headers: res.headers };
    },
    async portalText(url) {
      const link = new URL(url);
      assert.equal(link.origin, base, 'links name the public URL (this server\'s own)');
      const opened = await fetch(`${base}${link.pathname}`, { redirect: 'manual' });
      assert.equal(opened.status, 303);
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
      const page = await fetch(`${base}${opened.headers.get('location')}`, { headers: { cookie } });
      assert.equal(page.status, 200);
      return textOf(await page.text());
    },
  };
}

/** Runs `fn` while portal sessions cannot be stored: a real internal failure behind the endpoint. */
export async function withoutSessionTable<T>(server: AppEndpointsServer, fn: () => Promise<T>): Promise<T> {
  const db = server.api.storage.db;
  await db.schema.alterTable('portal_sessions').renameTo('portal_sessions_away').execute();
  try {
    return await fn();
  } finally {
    await db.schema.alterTable('portal_sessions_away').renameTo('portal_sessions').execute();
  }
}

export const JSON_TYPE = /^application\/json/;
