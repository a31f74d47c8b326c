import type { Ctx } from '../../context.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { addInterval, initialAnchor, periodContaining, type Period } from '../../billing/periods.ts';
import { prorate } from '../../billing/proration.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { applyDiscounts } from '../invoices/discounts.ts';
import { timeOn } from '../test-clocks/service.ts';
import type { PriceRow } from '../prices/repository.ts';
import { collectSubscriptionInvoice, type PaymentBehavior } from './collect.ts';
import { billSubscription } from './bill.ts';
import { entryParam, inItems, repeatedPrice, requireEntryPrice, requireItemAmount, requireItemsAmount, requireItemTaxRates, termsOf, type Terms } from './items.ts';
import { paymentSettingsColumn } from './payment-settings.ts';
import { insertSubscription, insertSubscriptionItem, updateSubscriptionRow } from './repository.ts';
import type { CreateSubscriptionParams } from './schemas.ts';
import { requireSubscription } from './service.ts';
import type { SubscriptionObject } from './object.ts';
import { toSubscription } from './view.ts';

const DAY = 86_400;

/** The items' prices, checked, and the currency and interval they share. */
async function checkItems(ctx: Ctx, items: CreateSubscriptionParams['items']) {
  if (!items || items.length === 0) throw BursarError.invalid('Missing required param: items.', 'items', 'parameter_missing');
  let terms: Terms | undefined;
  const out: { price: PriceRow; quantity: number; taxRates: string[]; metadata: Record<string, string> }[] = [];
  for (const [i, item] of items.entries()) {
    const param = (field: string) => entryParam(inItems, i, field);
    const price = await requireEntryPrice(ctx, item, inItems, i, terms);
    terms ??= termsOf(price);
    if (out.some((o) => o.price.id === price.id)) throw repeatedPrice(param('price'));
    requireItemAmount(price, item.quantity ?? 1, param('quantity'));
    out.push({ price, quantity: item.quantity ?? 1, taxRates: await requireItemTaxRates(ctx, item.tax_rates, param('tax_rates')), metadata: mergeMetadata({}, item.metadata) });
  }
  requireItemsAmount(out, terms!.currency);
  return { items: out, terms: terms! };
}

/**
 * The trial days trial_from_plan takes: the longest trial_period_days of the items' plans
 * (trial_period_days of the request overrides them, as in Stripe).
 */
function planTrialDays(p: CreateSubscriptionParams, prices: readonly PriceRow[]): number | undefined {
  if (!p.trial_from_plan || p.trial_period_days !== undefined) return p.trial_period_days;
  if (p.trial_end !== undefined) throw BursarError.invalid('You may only specify one of these parameters: trial_end, trial_from_plan.', 'trial_from_plan');
  return Math.max(0, ...prices.map((price) => price.recurring_trial_period_days ?? 0));
}

/** When the trial ends, if there is one: trial_end (a future time, or `now` for none) or trial days. */
function trialEndOf(p: CreateSubscriptionParams, trialDays: number | undefined, now: number): number | null {
  if (p.trial_end !== undefined && p.trial_period_days !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: trial_end, trial_period_days.', 'trial_end');
  }
  if (trialDays !== undefined) return trialDays === 0 ? null : now + trialDays * DAY;
  if (p.trial_end === undefined || p.trial_end === 'now') return null;
  if (p.trial_end <= now) throw BursarError.invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
  return p.trial_end;
}

/**
 * The first period and the share of a full period it bills: a trial runs to its end; a
 * billing_cycle_anchor in the future bills the time up to it, prorated; otherwise a whole
 * interval from now.
 */
function firstPeriod(now: number, anchor: number, trialEnd: number | null, terms: Terms): { period: Period; share: (amount: number) => number } {
  if (trialEnd !== null) return { period: { start: now, end: trialEnd }, share: () => 0 };
  if (anchor === now) return { period: { start: now, end: addInterval(now, terms.interval, terms.interval_count, 1) }, share: (a) => a };
  const full = periodContaining(anchor, terms.interval, terms.interval_count, now);
  if (full.end !== anchor) {
    throw BursarError.invalid(`billing_cycle_anchor cannot be later than the next natural billing date (${addInterval(now, terms.interval, terms.interval_count, 1)}).`, 'billing_cycle_anchor');
  }
  return { period: { start: now, end: anchor }, share: (a) => prorate(a, full, now) };
}

function checkCollection(p: CreateSubscriptionParams): void {
  if (p.collection_method === 'send_invoice' && p.days_until_due === undefined) {
    throw BursarError.invalid('Missing required param: days_until_due when collection_method is send_invoice.', 'days_until_due', 'parameter_missing');
  }
  if (p.collection_method !== 'send_invoice' && p.days_until_due !== undefined) {
    throw BursarError.invalid('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
  }
}

/**
 * Starts a subscription as Stripe does: its first invoice (billing_reason
 * subscription_create) is created, finalized and, when it charges automatically, paid
 * at once. Paid or trialing, it starts active or trialing; a decline leaves it incomplete.
 * A customer on a test clock starts at the clock's frozen time.
 */
export async function createSubscription(ctx: Ctx, p: CreateSubscriptionParams): Promise<SubscriptionObject> {
  const customer = await requireCustomer(ctx, p.customer, 'customer');
  if (p.payment_behavior === 'pending_if_incomplete') {
    throw BursarError.invalid('payment_behavior=pending_if_incomplete is not supported; use allow_incomplete, default_incomplete or error_if_incomplete.', 'payment_behavior');
  }
  const behavior: PaymentBehavior = p.payment_behavior ?? 'allow_incomplete';
  const now = await timeOn(ctx, customer.test_clock);
  const { items, terms } = await checkItems(ctx, p.items);
  checkCollection(p);
  const collectionMethod = p.collection_method ?? 'charge_automatically';
  if (p.default_payment_method !== undefined) await requireCustomerPaymentMethod(ctx, p.default_payment_method, customer.id, 'default_payment_method');
  const trialEnd = trialEndOf(p, planTrialDays(p, items.map((i) => i.price)), now);
  if (p.billing_cycle_anchor !== undefined && p.billing_cycle_anchor < (trialEnd ?? now)) {
    throw BursarError.invalid('billing_cycle_anchor cannot be before the subscription starts (or its trial ends).', 'billing_cycle_anchor');
  }
  const anchor = initialAnchor({ start: now, trialEnd, billingCycleAnchor: p.billing_cycle_anchor });
  const first = firstPeriod(now, anchor, trialEnd, terms);
  const paymentMethod = p.default_payment_method ?? customer.default_payment_method;
  if (collectionMethod === 'charge_automatically' && behavior !== 'default_incomplete' && trialEnd === null && paymentMethod === null) {
    throw BursarError.invalid(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
      undefined,
      'resource_missing',
    );
  }
  const defaultTaxRates = p.default_tax_rates ?? [];
  await loadTaxRates(ctx, defaultTaxRates, 'default_tax_rates');
  const discounts = await applyDiscounts(ctx, p.discounts, terms.currency, { customer: customer.id });

  const scoped = { project_id: ctx.scope.projectId, livemode: ctx.scope.livemode ? 1 : 0, created: now };
  const row = await insertSubscription(ctx.db, {
    id: newId('sub'),
    ...scoped,
    customer: customer.id,
    // Stripe's order: incomplete until the first invoice is paid; a trial or an invoice sent by email needs no payment to start.
    status: trialEnd !== null ? 'trialing' : collectionMethod === 'send_invoice' ? 'active' : 'incomplete',
    currency: terms.currency,
    interval: terms.interval,
    interval_count: terms.interval_count,
    collection_method: collectionMethod,
    days_until_due: p.days_until_due ?? null,
    default_payment_method: p.default_payment_method ?? null,
    default_tax_rates: JSON.stringify(defaultTaxRates),
    discounts: JSON.stringify(discounts),
    billing_cycle_anchor: anchor,
    current_period_start: first.period.start,
    current_period_end: first.period.end,
    start_date: now,
    trial_start: trialEnd === null ? null : now,
    trial_end: trialEnd,
    cancel_at: p.cancel_at_period_end ? first.period.end : null,
    cancel_at_period_end: p.cancel_at_period_end ? 1 : 0,
    test_clock: customer.test_clock,
    trial_missing_payment_method: p.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice',
    description: p.description ?? null,
    ...paymentSettingsColumn(null, p.payment_settings),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  for (const item of items) {
    await insertSubscriptionItem(ctx.db, row, {
      id: newId('si'),
      ...scoped,
      price: item.price.id,
      quantity: item.quantity,
      tax_rates: JSON.stringify(item.taxRates),
      metadata: JSON.stringify(item.metadata),
    });
  }
  const invoice = await billSubscription(ctx, row, 'subscription_create', first.period, { trial: trialEnd !== null, share: first.share });
  const withInvoice = await updateSubscriptionRow(ctx.db, ctx.scope, row.id, { latest_invoice: invoice });
  await recordEvent(ctx, 'customer.subscription.created', await toSubscription(ctx, withInvoice));
  await collectSubscriptionInvoice(ctx, invoice, collectionMethod, behavior);
  return toSubscription(ctx, await requireSubscription(ctx, row.id));
}
