import type { Ctx } from '../../context.ts';
import { nextPeriodEnd, type Period } from '../../billing/periods.ts';
import { BursarError } from '../../kit/errors.ts';
import { parseJson } from '../../kit/json.ts';
import { requireCustomer } from '../customers/service.ts';
import { firstPendingCurrency, pendingItemsOf } from '../invoice-items/repository.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { periodFrom, planSubscriptionChange, type ChangePlan } from '../subscriptions/change-plan.ts';
import { periodLine, pricedItem, type PricedItem } from '../subscriptions/lines.ts';
import { itemsOf, type SubscriptionRow } from '../subscriptions/repository.ts';
import { requireSubscription } from '../subscriptions/service.ts';
import { timeOn } from '../test-clocks/service.ts';
import { discountsInEffect } from '../subscriptions/discounts-in-effect.ts';
import { holdAt } from '../subscriptions/collect.ts';
import { scheduledChangePlan } from '../subscriptions/scheduled-change.ts';
import type { UpdateItemParam } from '../subscriptions/schemas.ts';
import { applyDiscounts, discountsOf, type StoredDiscount } from './discounts.ts';
import { previewItem, previewObject, type PreviewObject } from './preview-object.ts';
import type { PreviewInvoiceParams } from './preview-schemas.ts';
import { previewNewSubscription, refuseNewOnlyDetails, withCustomerDetails } from './preview-new-subscription.ts';
import { subscriptionLineItem } from './subscription-invoice.ts';

// Every step here only reads: a preview commits no row, event or redemption.

const nothingToInvoice = (param: string) => BursarError.invalid('No upcoming invoice: there is nothing to invoice.', param, 'invoice_upcoming_none');

/**
 * The discounts a preview applies: those given (checked, not redeemed), else the
 * subscription's in effect (`own`). A given `{ discount }` of the subscription (`existing`)
 * applies only while it is in effect.
 */
async function previewDiscounts(ctx: Ctx, p: PreviewInvoiceParams, customer: string, currency: string, own: readonly StoredDiscount[], existing: readonly StoredDiscount[] = []): Promise<StoredDiscount[]> {
  if (p.discounts === undefined) return [...own];
  const given = await applyDiscounts(ctx, p.discounts ?? [], currency, { redeem: false, existing, customer });
  return given.filter((d) => !existing.includes(d) || own.some((o) => o.id === d.id));
}

/** A customer without a subscription: the invoice its pending items would make now. */
async function previewPendingItems(ctx: Ctx, p: PreviewInvoiceParams, customerId: string): Promise<PreviewObject> {
  const customer = await requireCustomer(ctx, customerId, 'customer');
  const currency = (await firstPendingCurrency(ctx.db, ctx.scope, customer.id)) ?? customer.currency ?? 'usd';
  const items = await pendingItemsOf(ctx.db, ctx.scope, customer.id, currency);
  if (items.length === 0) throw nothingToInvoice('customer');
  const now = ctx.clock.now();
  return previewObject(ctx, {
    customer: customer.id, subscription: null, currency, billing_reason: 'manual', created: now, period: { start: now, end: now },
    collection_method: 'charge_automatically', days_until_due: null, default_payment_method: null, default_tax_rates: [],
    discounts: await previewDiscounts(ctx, p, customer.id, currency, []), items,
  });
}

/** Whether the subscription ends when its current period does, so it does not renew. */
const endsAtPeriodEnd = (sub: SubscriptionRow, p: PreviewInvoiceParams) =>
  p.subscription_details?.cancel_at_period_end ?? (sub.cancel_at_period_end === 1 || (sub.cancel_at !== null && sub.cancel_at <= sub.current_period_end));

/**
 * A subscription's next invoice: with `subscription_details`, as if that change were made
 * (at proration_date, else now) by the same planning the update uses. always_invoice
 * previews the invoice the change bills at once, as does a move to another interval (its
 * new period in full, less the unused time); otherwise the renewal at the period end
 * bills the pending items, the change's prorations and the next period of the items
 * (with `scheduled`, or a change stored for the period end, the items it would bill then).
 */
async function previewSubscription(ctx: Ctx, p: PreviewInvoiceParams, sub: SubscriptionRow, scheduled?: readonly UpdateItemParam[]): Promise<PreviewObject> {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') throw nothingToInvoice('subscription');
  const details = p.subscription_details ?? {};
  const now = await timeOn(ctx, sub.test_clock);
  const behavior = details.proration_behavior ?? 'create_prorations';
  const plan = details.items?.length ? await planSubscriptionChange(ctx, sub, details.items, behavior, details.proration_date ?? now) : null;
  const prorations = (plan?.prorations ?? []).map((r) => previewItem(r));
  // The customer's items of no subscription and this subscription's: another subscription's prorations wait for its own invoice.
  const pending = (await pendingItemsOf(ctx.db, ctx.scope, sub.customer, sub.currency)).filter((i) => i.subscription === null || i.subscription === sub.id);
  const defaultTaxRates = details.default_tax_rates === undefined ? parseJson<string[]>(sub.default_tax_rates, []) : (details.default_tax_rates ?? []);
  await loadTaxRates(ctx, defaultTaxRates, 'subscription_details[default_tax_rates]');
  const billsAtOnce = (behavior === 'always_invoice' && prorations.length > 0) || plan?.cycle != null;
  const common = {
    customer: sub.customer, subscription: sub.id, currency: sub.currency, collection_method: sub.collection_method, days_until_due: sub.days_until_due,
    default_payment_method: sub.default_payment_method, default_tax_rates: defaultTaxRates, discounts: await previewDiscounts(ctx, p, sub.customer, sub.currency, await discountsInEffect(ctx, sub, billsAtOnce ? now : sub.current_period_end), discountsOf(sub)),
  };
  const input = { customer: sub.customer, subscription: sub.id, currency: sub.currency };
  const periodItems = (items: readonly PricedItem[], period: Period, created: number) =>
    items.map((item) => previewItem(subscriptionLineItem(ctx, input, null, periodLine(item, period), created)));
  if (billsAtOnce) {
    // The update bills the subscription's pending items with the new prorations (and a restarted cycle's period), at once.
    const items = [...pending.filter((i) => i.subscription === sub.id), ...prorations, ...(plan?.cycle ? periodItems(plan.after, plan.cycle, now) : [])];
    return previewObject(ctx, { ...common, billing_reason: 'subscription_update', created: now, period: { start: now, end: now }, items, hold: holdAt(sub, now) });
  }
  const later: ChangePlan | null = plan ?? (scheduled ? await planSubscriptionChange(ctx, sub, scheduled, 'none', sub.current_period_end) : await scheduledChangePlan(ctx, sub));
  const after: PricedItem[] = later?.after ?? (await Promise.all((await itemsOf(ctx.db, ctx.scope, sub.id)).map((row) => pricedItem(ctx, row))));
  const renews = !endsAtPeriodEnd(sub, p);
  // A move to another interval (scheduled for the period end, or during a trial) starts its first period there.
  const moved = later !== null && (later.recurring.interval !== sub.interval || later.recurring.interval_count !== sub.interval_count);
  const next = moved ? periodFrom(sub.current_period_end, later.recurring) : { start: sub.current_period_end, end: nextPeriodEnd(sub.billing_cycle_anchor, sub.interval as never, sub.interval_count, sub.current_period_end) };
  const items = [...pending, ...prorations, ...(renews ? periodItems(after, next, sub.current_period_end) : [])];
  if (items.length === 0) throw nothingToInvoice('subscription');
  const period = { start: sub.current_period_start, end: sub.current_period_end };
  // The renewal is held if collection is still paused when it comes.
  return previewObject(ctx, { ...common, billing_reason: 'upcoming', created: sub.current_period_end, period, items, hold: holdAt(sub, sub.current_period_end) });
}

/**
 * The renewal invoice if `items` were scheduled for the subscription's period end (the
 * portal's preview of a change it schedules), with `discounts` as create_preview takes them.
 */
export async function previewScheduledChange(ctx: Ctx, subscription: string, items: readonly UpdateItemParam[], discounts: PreviewInvoiceParams['discounts']): Promise<PreviewObject> {
  return previewSubscription(ctx, { subscription, discounts }, await requireSubscription(ctx, subscription, 'subscription'), items);
}

/**
 * `POST /v1/invoices/create_preview`: the invoice a customer or subscription would get next,
 * or (with subscription_details[items] and no subscription) a new subscription's first.
 */
export async function previewInvoice(ctx: Ctx, p: PreviewInvoiceParams): Promise<PreviewObject> {
  if (p.automatic_tax?.enabled) throw BursarError.invalid('automatic_tax is not supported: Bursar bills tax rates only.', 'automatic_tax[enabled]');
  return withCustomerDetails(await previewFor(ctx, p), p.customer_details);
}

async function previewFor(ctx: Ctx, p: PreviewInvoiceParams): Promise<PreviewObject> {
  if (p.subscription === undefined) {
    if (p.subscription_details !== undefined) return previewNewSubscription(ctx, p, p.subscription_details);
    if (p.customer === undefined) throw BursarError.invalid('Missing required param: customer or subscription.', 'customer', 'parameter_missing');
    return previewPendingItems(ctx, p, p.customer);
  }
  refuseNewOnlyDetails(p.subscription_details);
  const sub = await requireSubscription(ctx, p.subscription, 'subscription');
  if (p.customer !== undefined && p.customer !== sub.customer) throw BursarError.invalid(`Subscription ${sub.id} does not belong to customer ${p.customer}.`, 'customer');
  return previewSubscription(ctx, p, sub);
}
