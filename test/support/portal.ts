import assert from 'node:assert/strict';
import type { TestApi } from './api.ts';

export interface PortalPage {
  status: number;
  html: string;
  headers: Headers;
}

/** A customer's browser in the portal: the cookie the link gave, and the CSRF token of the pages it saw. */
export interface PortalVisitor {
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<PortalPage>;
  /** Posts a form as the portal's own page would (with its CSRF token unless `_csrf` is given). */
  post(path: string, form?: Record<string, string>, headers?: Record<string, string>): Promise<PortalPage>;
}

async function read(res: Response): Promise<PortalPage> {
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The page's text as a person reads it: tags dropped, entities of the templates decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A browser that sends back the cookie it was given. */
export function visitor(api: TestApi, cookie: string): PortalVisitor {
  const v: PortalVisitor = {
    cookie,
    csrf: '',
    async get(path, headers = {}) {
      const page = await read(await api.app.request(path, { headers: { cookie, ...headers } }));
      v.csrf = page.html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? v.csrf;
      return page;
    },
    async post(path, form = {}, headers = {}) {
      const body = new URLSearchParams({ _csrf: v.csrf, ...form });
      return read(await api.app.request(path, { method: 'POST', body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers } }));
    },
  };
  return v;
}

/** Creates a portal session through the API and opens its link: the visitor holds the portal cookie. */
export async function openPortal(api: TestApi, params: Record<string, unknown>): Promise<{ session: any; visitor: PortalVisitor; landing: string }> {
  const created = await api.call('POST', '/v1/billing_portal/sessions', { params });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const res = await api.app.request(new URL(created.body.url).pathname);
  assert.equal(res.status, 303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  assert.ok(cookie.includes('bursar_portal='), res.headers.get('set-cookie') ?? 'no cookie');
  const v = visitor(api, cookie);
  await v.get('/p');
  return { session: created.body, visitor: v, landing: res.headers.get('location')! };
}

export interface PortalFixture {
  customer: any;
  card: any;
  products: { pro: any };
  prices: { monthly: any; bigger: any };
  subscription: any;
  /** The default configuration, offering both prices of the product for a plan change. */
  configuration: any;
}

async function post(api: TestApi, path: string, params: Record<string, unknown> = {}): Promise<any> {
  const res = await api.call('POST', path, { params });
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A customer with a default card and an active monthly subscription; plan changes offer two prices. */
export async function portalFixture(api: TestApi, name = 'Ada Lovelace'): Promise<PortalFixture> {
  const customer = await post(api, '/v1/customers', { name, email: `${name.split(' ')[0].toLowerCase()}@example.com` });
  const card = await post(api, '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
  await post(api, `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: card.id } });
  const pro = await post(api, '/v1/products', { name: 'Pro' });
  const monthly = await post(api, '/v1/prices', { product: pro.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
  const bigger = await post(api, '/v1/prices', { product: pro.id, currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } });
  const subscription = await post(api, '/v1/subscriptions', { customer: customer.id, items: [{ price: monthly.id }] });
  const [def] = (await api.call('GET', '/v1/billing_portal/configurations', { params: { is_default: 'true' } })).body.data;
  const configuration = await post(api, `/v1/billing_portal/configurations/${def.id}`, {
    features: { subscription_update: { enabled: 'true', products: [{ product: pro.id, prices: [monthly.id, bigger.id], adjustable_quantity: { enabled: 'true', maximum: 10 } }] } },
  });
  return { customer, card, products: { pro }, prices: { monthly, bigger }, subscription, configuration };
}

/** An open one-off invoice of $12.00 for the customer, finalized and left unpaid. */
export async function openInvoice(api: TestApi, customer: string): Promise<any> {
  await post(api, '/v1/invoiceitems', { customer, amount: 1200, currency: 'usd', description: 'Setup' });
  const draft = await post(api, '/v1/invoices', { customer, pending_invoice_items_behavior: 'include', auto_advance: 'false' });
  const open = await post(api, `/v1/invoices/${draft.id}/finalize`);
  assert.equal(open.status, 'open');
  return open;
}

/** How many times the invoice was paid, as its events tell (once at most). */
export async function timesPaid(api: TestApi, invoice: string): Promise<number> {
  const events = (await api.call('GET', '/v1/events', { params: { type: 'invoice.payment_succeeded', limit: 100 } })).body.data;
  return events.filter((e: any) => e.data.object.id === invoice).length;
}

export { post as apiPost };
