import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { DEFAULT_RETURN_URL, JSON_TYPE, startAppEndpoints, withoutSessionTable } from '../support/app-endpoints.ts';

// POST /subscriptions/portal: Bearer token, the user's organization is billed, no request body.

const DOC_URL = 'https://backend.flashback.tech/subscriptions/portal';

interface CreateBillingPortalResponse {
  success?: boolean;
  url?: string;
}

/** The documented TypeScript client: its method as written, over a minimal makeRequest of the same style. */
class PlatformClient {
  private readonly baseUrl: string;
  private readonly accessToken: string;
  constructor(baseUrl: string, accessToken: string) {
    this.baseUrl = baseUrl;
    this.accessToken = accessToken;
  }

  private makeRequest = async <T>(path: string, method: string, data: unknown): Promise<T> => {
    const response = await fetch(`${this.baseUrl}/${path}`, {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${this.accessToken}`, ...(data !== null && { 'Content-Type': 'application/json' }) },
      body: data === null ? undefined : JSON.stringify(data),
    });
    if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status}`);
    return (await response.json()) as T;
  };

  public createBillingPortal = async (): Promise<CreateBillingPortalResponse> => {
    return this.makeRequest<CreateBillingPortalResponse>('subscriptions/portal', 'POST', null);
  };
}

describeEachEngine('app endpoint org-bearer-success-url (POST /subscriptions/portal)', startAppEndpoints, (server) => {
  const documented = async (token: string) =>
    server().send(DOC_URL, { method: 'POST', headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });

  it('the shell example: 200 { success, url } into the organization\'s portal, returning to the default return URL', async () => {
    const s = server();
    await s.enable('org-bearer-success-url');
    const reply = await documented(await s.token({ sub: 'user_1', org_id: 'org_acme' }));
    assert.equal(reply.status, 200);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(Object.keys(reply.body), ['success', 'url']);
    assert.equal(reply.body.success, true);
    assert.match(reply.body.url, new RegExp(`^${s.base.replace(/\./g, '\\.')}/p/session/[A-Za-z0-9_-]{43}$`));
    const page = await s.portalText(reply.body.url);
    assert.match(page, /Your subscriptions.*You have no subscriptions/);
    const events = await s.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    const session = events.data[0].data.object as any;
    assert.equal(session.customer, s.customers.acme.id);
    assert.equal(session.return_url, DEFAULT_RETURN_URL);
  });

  it('the TypeScript client method, as written, gets a working portal URL', async () => {
    const s = server();
    const client = new PlatformClient(s.base, await s.token({ sub: 'user_2', org_id: 'org_acme' }));
    const response = await client.createBillingPortal();
    assert.equal(response.success, true);
    assert.match(await s.portalText(response.url!), /Your subscriptions/);
  });

  it('400 NO_ORGANIZATION for a user outside any organization', async () => {
    const s = server();
    const reply = await documented(await s.token({ sub: 'user_1' }));
    assert.equal(reply.status, 400);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { success: false, error_code: 'NO_ORGANIZATION', message: 'User must belong to an organization' });
  });

  it('404 USER_NOT_FOUND for a token that names no user', async () => {
    const s = server();
    const reply = await documented(await s.token({ org_id: 'org_acme' }));
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { success: false, error_code: 'USER_NOT_FOUND', message: 'User not found' });
  });

  it('404 ORG_NOT_FOUND for an organization Bursar bills no customer for', async () => {
    const s = server();
    const reply = await documented(await s.token({ sub: 'user_1', org_id: 'org_unknown' }));
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { success: false, error_code: 'ORG_NOT_FOUND', message: 'Organization not found' });
  });

  it('500 INTERNAL_ERROR when the session cannot be stored, and nothing is written', async () => {
    const s = server();
    const token = await s.token({ sub: 'user_1', org_id: 'org_acme' });
    const before = await s.stripe.events.list({ limit: 1 });
    const reply = await withoutSessionTable(s, () => documented(token));
    assert.equal(reply.status, 500);
    assert.match(reply.type!, JSON_TYPE);
    assert.deepEqual(reply.body, { success: false, error_code: 'INTERNAL_ERROR', message: 'Failed to create billing portal session' });
    assert.equal((await s.stripe.events.list({ limit: 1 })).data[0].id, before.data[0].id);
  });

  it('401 in the same envelope without a token', async () => {
    const s = server();
    const reply = await s.send(DOC_URL, { method: 'POST', headers: { Accept: 'application/json' } });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body, { success: false, error_code: 'UNAUTHORIZED', message: 'Authentication required' });
  });
});
