import type { ApiClient } from './api-client.ts';

/** The demo plans, in USD cents; a yearly price costs ten months. Product ids are fixed, so a re-run finds them. */
const PLANS = [
  { key: 'starter', name: 'Starter', description: 'For individuals getting started', monthly: 900 },
  { key: 'pro', name: 'Pro', description: 'For growing teams that need more', monthly: 2900 },
  { key: 'team', name: 'Team', description: 'For organisations with many seats', monthly: 9900 },
] as const;

const INTERVALS = [
  { suffix: 'monthly', interval: 'month', months: 1 },
  { suffix: 'yearly', interval: 'year', months: 10 },
] as const;

export interface DemoCatalog {
  /** Product ids by plan key (`starter`, `pro`, `team`). */
  products: Record<string, string>;
  /** Price ids by lookup key (`starter_monthly`, `pro_yearly`, …). */
  prices: Record<string, string>;
}

/** Ensures each demo product and its monthly and yearly prices exist; the monthly price is the default. */
export async function seedCatalog(api: ApiClient): Promise<DemoCatalog> {
  const catalog: DemoCatalog = { products: {}, prices: {} };
  for (const plan of PLANS) {
    const id = `prod_demo_${plan.key}`;
    const product =
      (await api.find(`/v1/products/${id}`)) ??
      (await api.post('/v1/products', { id, name: plan.name, description: plan.description, metadata: { demo_ref: plan.key } }));
    catalog.products[plan.key] = product.id;

    const lookupKeys = INTERVALS.map((i) => `${plan.key}_${i.suffix}`);
    const existing = await api.get('/v1/prices', { lookup_keys: lookupKeys, limit: 100 });
    for (const i of INTERVALS) {
      const lookupKey = `${plan.key}_${i.suffix}`;
      const price =
        existing.data.find((p: any) => p.lookup_key === lookupKey) ??
        (await api.post('/v1/prices', {
          product: product.id,
          currency: 'usd',
          unit_amount: plan.monthly * i.months,
          recurring: { interval: i.interval },
          lookup_key: lookupKey,
          nickname: `${plan.name} ${i.suffix}`,
        }));
      catalog.prices[lookupKey] = price.id;
    }
    if (!product.default_price) {
      await api.post(`/v1/products/${product.id}`, { default_price: catalog.prices[`${plan.key}_monthly`] });
    }
  }
  return catalog;
}
