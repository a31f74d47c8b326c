import type { Ctx } from '../../context.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { applyDiscounts } from '../invoices/discounts.ts';
import { timeOn } from '../test-clocks/service.ts';
import { collectSubscriptionInvoice, type PaymentBehavior } from './collect.ts';
import { billSubscription } from './bill.ts';
import { planStart } from './first-period.ts';
import { paymentSettingsColumn } from './payment-settings.ts';
import { insertSubscription, insertSubscriptionItem, updateSubscriptionRow } from './repository.ts';
import type { CreateSubscriptionParams } from './schemas.ts';
import { requireSubscription } from './service.ts';
import type { SubscriptionObject } from './object.ts';
import { toSubscription } from './view.ts';

/** When a new subscription ends by itself: `cancel_at` (a future time) or `cancel_at_period_end`, as in Stripe. */
function cancelAtStart(p: CreateSubscriptionParams, now: number, periodEnd: number) {
  if (p.cancel_at !== undefined && p.cancel_at_period_end !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at');
  }
  if (p.cancel_at !== undefined && p.cancel_at <= now) throw BursarError.invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'cancel_at');
  const cancelAt = p.cancel_at ?? (p.cancel_at_period_end ? periodEnd : null);
  return { cancel_at: cancelAt, cancel_at_period_end: cancelAt === periodEnd ? 1 : 0 };
}

function checkCollection(p: CreateSubscriptionParams): void {
  if (p.collection_method === 'send_invoice' && p.days_until_due === undefined) {
    throw BursarError.invalid('Missing required param: days_until_due when collection_method is send_invoice.', 'days_until_due', 'parameter_missing');
  }
  if (p.collection_method !== 'send_invoice' && p.days_until_due !== undefined) {
    throw BursarError.invalid('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
  }
}

/** A subscription a schedule starts: at the schedule's start (a test clock may have moved past it), managed by it. */
export interface ScheduledStart {
  start?: number;
  schedule?: string;
}

/**
 * Starts a subscription as Stripe does: its first invoice (billing_reason
 * subscription_create) is created, finalized and, when it charges automatically, paid
 * at once. Paid or trialing, it starts active or trialing; a decline leaves it incomplete.
 * A customer on a test clock starts at the clock's frozen time.
 */
export async function createSubscription(ctx: Ctx, p: CreateSubscriptionParams, options: ScheduledStart = {}): Promise<SubscriptionObject> {
  const customer = await requireCustomer(ctx, p.customer, 'customer');
  if (p.payment_behavior === 'pending_if_incomplete') {
    throw BursarError.invalid('payment_behavior=pending_if_incomplete is not supported; use allow_incomplete, default_incomplete or error_if_incomplete.', 'payment_behavior');
  }
  const behavior: PaymentBehavior = p.payment_behavior ?? 'allow_incomplete';
  const now = options.start ?? (await timeOn(ctx, customer.test_clock));
  const { items, terms, trialEnd, anchor, first } = await planStart(ctx, p, now);
  const ending = cancelAtStart(p, now, first.period.end);
  checkCollection(p);
  const collectionMethod = p.collection_method ?? 'charge_automatically';
  if (p.default_payment_method !== undefined) await requireCustomerPaymentMethod(ctx, p.default_payment_method, customer.id, 'default_payment_method');
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
    ...ending,
    test_clock: customer.test_clock,
    trial_missing_payment_method: p.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice',
    description: p.description ?? null,
    ...paymentSettingsColumn(null, p.payment_settings),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
    schedule: options.schedule ?? null,
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
  await collectSubscriptionInvoice(ctx, invoice, collectionMethod, behavior, p.off_session);
  return toSubscription(ctx, await requireSubscription(ctx, row.id));
}
