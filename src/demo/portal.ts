import type { ApiClient } from './api-client.ts';

/**
 * Lets the demo customers use the portal fully: Ada has a Pro subscription, and the
 * default configuration offers every demo plan for a plan change.
 */
export async function seedPortal(api: ApiClient, catalog: { products: Record<string, string>; prices: Record<string, string> }, ada: string): Promise<void> {
  const subs = await api.get('/v1/subscriptions', { customer: ada, status: 'all', limit: 1 });
  if (subs.data.length === 0) await api.post('/v1/subscriptions', { customer: ada, items: [{ price: catalog.prices.pro_monthly }] });
  const [config] = (await api.get('/v1/billing_portal/configurations', { is_default: true })).data;
  const products = Object.entries(catalog.products).map(([plan, product]) => ({
    product,
    prices: Object.entries(catalog.prices).filter(([key]) => key.startsWith(`${plan}_`)).map(([, price]) => price),
    adjustable_quantity: { enabled: true, maximum: 50 },
  }));
  await api.post(`/v1/billing_portal/configurations/${config.id}`, {
    business_profile: { headline: 'Manage your Bursar Demo subscription' },
    features: { subscription_update: { enabled: true, products, default_allowed_updates: ['price', 'quantity'] } },
  });
}

/** A fresh one-time link into the portal for a demo customer (links open once, so each run makes one). */
export async function demoPortalUrl(api: ApiClient, customer: string): Promise<string> {
  return (await api.post('/v1/billing_portal/sessions', { customer })).url;
}
