import Stripe from 'stripe';

/** A customer as an app would set one up through the stripe SDK, ready for the portal. */
export interface PortalCustomer {
  customer: Stripe.Customer;
  card: Stripe.PaymentMethod;
  prices: { monthly: Stripe.Price; bigger: Stripe.Price };
  subscriptions: Stripe.Subscription[];
}

/**
 * A customer with a default Visa, `subscriptions` monthly subscriptions to Pro ($29, and a
 * $49 price offered for plan changes by the default configuration) and `invoices` extra
 * finalized one-off invoices. A plan change invoices its proration at once.
 */
export async function seedPortalCustomer(stripe: Stripe, options: { name?: string; subscriptions?: number; invoices?: number } = {}): Promise<PortalCustomer> {
  const name = options.name ?? 'Ada Lovelace';
  const customer = await stripe.customers.create({ name, email: `${name.split(' ')[0].toLowerCase()}@example.com` });
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  const product = await stripe.products.create({ name: 'Pro' });
  const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
  const bigger = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } });
  const subscriptions: Stripe.Subscription[] = [];
  for (let i = 0; i < (options.subscriptions ?? 1); i++) subscriptions.push(await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] }));
  for (let i = 0; i < (options.invoices ?? 0); i++) {
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1000 + i, currency: 'usd', description: `Usage ${i + 1}` });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(draft.id!);
  }
  const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
  await stripe.billingPortal.configurations.update(config.id, {
    features: { subscription_update: { enabled: true, proration_behavior: 'always_invoice', products: [{ product: product.id, prices: [monthly.id, bigger.id], adjustable_quantity: { enabled: true, maximum: 10 } }] } },
  });
  return { customer, card, prices: { monthly, bigger }, subscriptions };
}

/**
 * A customer whose card was declined when their 7-day trial of `price` ended: past due, on a
 * test clock started at `now`.
 */
export async function seedPastDueCustomer(stripe: Stripe, now: number, price: string, name = 'Late Payer'): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: now });
  const customer = await stripe.customers.create({ name, test_clock: clock.id });
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price }], default_payment_method: failing.id, trial_period_days: 7 });
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sub.trial_end! + 3600 });
  const subscription = await stripe.subscriptions.retrieve(sub.id);
  if (subscription.status !== 'past_due') throw new Error(`the subscription is ${subscription.status}, not past_due`);
  return { customer, subscription };
}

export interface TourStop {
  name: string;
  path: string;
}

/** Every page of a portal session's customer (seeded as above), by name. */
export function portalTour(seeded: PortalCustomer): TourStop[] {
  const sub = seeded.subscriptions[0];
  const item = sub.items.data[0].id;
  return [
    { name: 'overview', path: '/p' },
    { name: 'change-plan', path: `/p/subscriptions/${sub.id}/update` },
    { name: 'preview-confirm', path: `/p/subscriptions/${sub.id}/update/confirm?${new URLSearchParams({ item, price: seeded.prices.bigger.id, quantity: '2' })}` },
    { name: 'cancel', path: `/p/subscriptions/${sub.id}/cancel` },
    { name: 'payment-methods', path: '/p/payment-methods' },
    { name: 'invoices', path: '/p/invoices' },
    { name: 'details', path: '/p/details' },
    { name: 'hosted-confirmation', path: '/p/done' },
    { name: 'not-found', path: '/p/subscriptions/sub_unknown/cancel' },
    { name: 'unknown-link', path: '/p/session/not-a-link' },
  ];
}

/** Opens a session link as a browser would, without following the redirect: the portal cookie it sets. */
export async function openLink(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.arrayBuffer();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (res.status !== 303 || !cookie.includes('bursar_portal=')) throw new Error(`${url} answered ${res.status} without a portal cookie`);
  return cookie;
}

/** Bytes on the wire for one response (status line, headers, body; Bursar sends them uncompressed). */
async function transferred(res: Response): Promise<number> {
  const body = (await res.arrayBuffer()).byteLength;
  let head = `HTTP/1.1 ${res.status} ${res.statusText}\r\n`.length + 2;
  res.headers.forEach((value, name) => (head += `${name}: ${value}\r\n`.length));
  return head + body;
}

export interface PageWeight {
  html: number;
  /** Stylesheets and scripts the page loads (images, such as a branding logo, are not counted). */
  assets: number;
  total: number;
}

/** What a first visit to `origin + path` transfers: the page and every stylesheet and script it links. */
export async function pageWeight(origin: string, path: string, cookie: string): Promise<PageWeight> {
  const res = await fetch(origin + path, { headers: { cookie }, redirect: 'manual' });
  const page = await res.clone().text();
  const html = await transferred(res);
  if (res.status >= 300 && res.status < 400) throw new Error(`${path} redirects to ${res.headers.get('location')}`);
  const links = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)"|<script[^>]* src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  let assets = 0;
  for (const link of links) assets += await transferred(await fetch(new URL(link, origin + path), { headers: { cookie } }));
  return { html, assets, total: html + assets };
}

/** The budget of every portal page: HTML, CSS and any script together. */
export const PAGE_BUDGET_BYTES = 30 * 1024;
