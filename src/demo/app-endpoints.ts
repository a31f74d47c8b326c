import { SignJWT } from 'jose';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { newToken } from '../kit/ids.ts';
import { PRESETS, PRESET_NAMES } from '../modules/app-endpoints/presets.ts';
import { settingsOf } from '../modules/app-endpoints/service.ts';
import type { ApiClient } from './api-client.ts';

export const DEMO_ISSUER = 'bursar-demo';
export const DEMO_AUDIENCE = 'bursar-demo-app';
/** Demo tokens last this long: long enough to try every example, short enough not to be a standing credential. */
const DEMO_TOKEN_LIFETIME = 7 * 86_400;

/** What a caller needs for one demo app endpoint: the request as its document writes it. */
export interface DemoAppEndpoint {
  method: string;
  /** Path and query (the project-scoped one asks for test mode). */
  path: string;
  headers: Record<string, string>;
  body?: Record<string, string>;
}

/** Who each preset calls for: Ada by her user id, Grace as the organization `org_demo`. */
const REFS = { ada: 'user_ada', grace: 'org_demo' } as const;

const RETURN_URL = 'https://app.example.com/settings/billing';

/**
 * Enables every preset on the demo project (test mode) with a demo HS256 secret, gives Ada and
 * Grace their references, and returns for each preset a request that works as written.
 */
export async function seedAppEndpoints(
  deps: { db: Db; clock: Clock },
  api: ApiClient,
  projectId: string,
  customers: Record<string, string>,
): Promise<Record<string, DemoAppEndpoint>> {
  const scope = { projectId, livemode: false };
  let secret = (await settingsOf(deps.db, scope)).jwt_secret;
  if (secret === null) {
    secret = newToken(32);
    await api.post('/v1/app_endpoint_settings', { jwt_secret: secret, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, allowed_origins: ['http://localhost:3000'] });
  }
  await api.post(`/v1/customers/${customers.ada}`, { metadata: { bursar_ref: REFS.ada } });
  await api.post(`/v1/customers/${customers.grace}`, { metadata: { bursar_ref: REFS.grace } });
  const existing = new Set((await api.get('/v1/app_endpoints', { limit: 100 })).data.map((e: { preset: string }) => e.preset));
  for (const preset of PRESET_NAMES) if (!existing.has(preset)) await api.post('/v1/app_endpoints', { preset });

  const now = deps.clock.now();
  const key = new TextEncoder().encode(secret);
  const token = (claims: Record<string, string>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setIssuedAt(now).setExpirationTime(now + DEMO_TOKEN_LIFETIME).sign(key);
  const ada = await token({ sub: REFS.ada });
  const json = { 'Content-Type': 'application/json' };
  // Like the demo secret key: each run gives Ada a new customer key and revokes her earlier ones.
  const previous = await api.get('/v1/customer_api_keys', { customer: customers.ada });
  for (const k of previous.data) if (k.revoked_at === null) await api.delete(`/v1/customer_api_keys/${k.id}`);
  const customerKey = (await api.post('/v1/customer_api_keys', { customer: customers.ada })).secret as string;
  const request = (preset: string, headers: Record<string, string>, body?: Record<string, string>, query = ''): DemoAppEndpoint => ({
    method: PRESETS[preset].method,
    path: PRESETS[preset].path + query,
    headers,
    ...(body && { body }),
  });
  return {
    'org-bearer-success-url': request('org-bearer-success-url', { Accept: 'application/json', Authorization: `Bearer ${await token({ sub: 'user_grace', org_id: REFS.grace })}` }),
    'cookie-paid-plan': request('cookie-paid-plan', { Cookie: `access_token=${ada}` }),
    'api-key-return-url': request('api-key-return-url', { 'x-api-key': customerKey, ...json }, { returnUrl: RETURN_URL }),
    'project-scoped-return-url': request('project-scoped-return-url', { Authorization: `Bearer ${await token({ sub: REFS.ada, project_id: projectId })}`, ...json }, { return_url: RETURN_URL }, '?test_mode=true'),
    'bearer-data-envelope': request('bearer-data-envelope', { Authorization: `Bearer ${ada}`, ...json }, { returnUrl: RETURN_URL }),
    'bearer-data-subscription': request('bearer-data-subscription', { Authorization: `Bearer ${ada}` }),
    'bearer-data-cancel': request('bearer-data-cancel', { Authorization: `Bearer ${ada}` }),
    'bearer-data-change-plan': request('bearer-data-change-plan', { Authorization: `Bearer ${ada}`, ...json }, { priceId: '<a price id, e.g. prices.team_monthly>' }),
  };
}

/** The request as a curl command line. */
export function curlOf(apiBase: string, endpoint: DemoAppEndpoint): string {
  const headers = Object.entries(endpoint.headers).map(([name, value]) => ` -H '${name}: ${value}'`).join('');
  const body = endpoint.body ? ` -d '${JSON.stringify(endpoint.body)}'` : '';
  return `curl -X ${endpoint.method} '${apiBase}${endpoint.path}'${headers}${body}`;
}
