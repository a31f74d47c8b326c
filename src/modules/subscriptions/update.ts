import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { parseJson } from '../../kit/json.ts';
import { recordEvent } from '../events/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { applyDiscounts, discountsOf } from '../invoices/discounts.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { timeOn } from '../test-clocks/service.ts';
import type { PaymentBehavior } from './collect.ts';
import { changeItems } from './change-items.ts';
import type { SubscriptionObject } from './object.ts';
import { paymentSettingsColumn } from './payment-settings.ts';
import { updateSubscriptionRow, type SubscriptionRow } from './repository.ts';
import { renewsAtPeriodEnd } from './upcoming-notice.ts';
import { inItems, type EntryAt } from './items.ts';
import type { UpdateSubscriptionParams } from './schemas.ts';
import { requireSubscription } from './service.ts';
import { toSubscription } from './view.ts';

/** A canceled subscription keeps only its metadata open to change, as in Stripe. */
function refuseIfCanceled(row: SubscriptionRow, p: UpdateSubscriptionParams): void {
  const others = Object.entries(p).filter(([key, value]) => key !== 'metadata' && key !== 'cancellation_details' && value !== undefined);
  if (row.status === 'canceled' && others.length > 0) {
    throw BursarError.invalid('A canceled subscription can only update its cancellation_details and metadata.', others[0][0]);
  }
}

/** cancel_at_period_end and cancel_at both say when it ends; the last one given wins, as in Stripe. */
function cancelColumns(row: SubscriptionRow, p: UpdateSubscriptionParams, now: number): Updateable<SubscriptionsTable> {
  if (p.cancel_at !== undefined && p.cancel_at_period_end !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at');
  }
  // Its schedule's end_behavior says when it ends, as in Stripe.
  if (row.schedule !== null && (p.cancel_at !== undefined || p.cancel_at_period_end !== undefined)) {
    throw BursarError.invalid(
      `The subscription is managed by the subscription schedule \`${row.schedule}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
      p.cancel_at !== undefined ? 'cancel_at' : 'cancel_at_period_end',
    );
  }
  if (p.cancel_at_period_end !== undefined) {
    return { cancel_at_period_end: p.cancel_at_period_end ? 1 : 0, cancel_at: p.cancel_at_period_end ? row.current_period_end : null };
  }
  if (p.cancel_at !== undefined) {
    if (p.cancel_at !== null && p.cancel_at <= now) throw BursarError.invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'cancel_at');
    return { cancel_at: p.cancel_at, cancel_at_period_end: p.cancel_at === row.current_period_end ? 1 : 0 };
  }
  return {};
}

/** The cancellation's columns; taking back a cancellation that withheld this period's invoice.upcoming sends it after all. */
function cancellationColumns(row: SubscriptionRow, p: UpdateSubscriptionParams, now: number): Updateable<SubscriptionsTable> {
  const columns = cancelColumns(row, p, now);
  const takenBack = columns.cancel_at !== undefined && renewsAtPeriodEnd({ ...row, cancel_at: columns.cancel_at as number | null });
  return takenBack && row.invoice_upcoming_sent === 2 ? { ...columns, invoice_upcoming_sent: 0 } : columns;
}

/** pause_collection: set (resumes_at in the future) or, with "", cleared. */
function pauseColumns(p: UpdateSubscriptionParams, now: number): Updateable<SubscriptionsTable> {
  if (p.pause_collection === undefined) return {};
  if (p.pause_collection === null) return { pause_behavior: null, pause_resumes_at: null };
  const resumesAt = p.pause_collection.resumes_at ?? null;
  if (resumesAt !== null && resumesAt <= now) {
    throw BursarError.invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'pause_collection[resumes_at]');
  }
  return { pause_behavior: p.pause_collection.behavior, pause_resumes_at: resumesAt };
}

/** Why the customer cancels (the portal's survey), kept with the reason Bursar records when it ends. */
function cancellationDetailsColumn(row: SubscriptionRow, p: UpdateSubscriptionParams): Updateable<SubscriptionsTable> {
  const given = p.cancellation_details;
  if (!given) return {};
  const current = parseJson(row.cancellation_details, { comment: null, feedback: null, reason: null } as Record<string, string | null>);
  return {
    cancellation_details: JSON.stringify({
      comment: given.comment === undefined ? current.comment : given.comment,
      feedback: given.feedback === undefined ? current.feedback : given.feedback,
      reason: current.reason,
    }),
  };
}

/**
 * discounts[] replaces the subscription's discounts: one it names by `discount` (or by the
 * coupon or promotion code it came from) is kept as it is; a new one is redeemed now and
 * its duration counts from now, as a discount added to a running subscription does.
 */
async function discountsColumn(ctx: Ctx, row: SubscriptionRow, p: UpdateSubscriptionParams, now: number): Promise<Updateable<SubscriptionsTable>> {
  if (p.discounts === undefined) return {};
  const existing = discountsOf(row);
  const given = (p.discounts ?? []).map((d) => {
    const same = existing.find((x) => (d.promotion_code !== undefined ? x.promotion_code === d.promotion_code : d.coupon !== undefined && x.coupon === d.coupon && x.promotion_code === null));
    return same ? { discount: same.id } : d;
  });
  const applied = await applyDiscounts(ctx, given, row.currency, { existing, customer: row.customer });
  return { discounts: JSON.stringify(applied.map((d) => (existing.includes(d) ? d : { ...d, start: now }))) };
}

function collectionColumns(row: SubscriptionRow, p: UpdateSubscriptionParams): Updateable<SubscriptionsTable> {
  if (p.collection_method === undefined && p.days_until_due === undefined) return {};
  const method = p.collection_method ?? row.collection_method;
  if (method === 'charge_automatically') {
    if (p.days_until_due !== undefined) throw BursarError.invalid('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
    return { collection_method: method, days_until_due: null };
  }
  const days = p.days_until_due ?? row.days_until_due;
  if (days === null) {
    throw BursarError.invalid('Missing required param: days_until_due when collection_method is send_invoice.', 'days_until_due', 'parameter_missing');
  }
  return { collection_method: method, days_until_due: days };
}

/**
 * Updates a subscription. A change of items is prorated to the second (proration.ts):
 * create_prorations leaves the credit and charge pending for the next invoice,
 * always_invoice bills them now, none bills nothing for the change. A trial prorates nothing.
 * A move to prices of another interval restarts the billing cycle at the change and bills
 * it at once, whatever the behavior: the new period in full, less the unused time (none: no credit).
 * proration_date prorates as of that time instead of now (a preview's, to bill what it showed).
 * A subscription item call is this update with one entry, sitting at the top level (`entryAt`).
 */
export async function updateSubscription(ctx: Ctx, id: string, p: UpdateSubscriptionParams, entryAt: EntryAt = inItems): Promise<SubscriptionObject> {
  const row = await requireSubscription(ctx, id);
  refuseIfCanceled(row, p);
  if (p.payment_behavior === 'pending_if_incomplete') {
    throw BursarError.invalid('payment_behavior=pending_if_incomplete is not supported; use allow_incomplete, default_incomplete or error_if_incomplete.', 'payment_behavior');
  }
  const now = await timeOn(ctx, row.test_clock);
  const before = await toSubscription(ctx, row);
  if (p.default_payment_method) await requireCustomerPaymentMethod(ctx, p.default_payment_method, row.customer, 'default_payment_method');
  const patch: Updateable<SubscriptionsTable> = {
    ...cancellationColumns(row, p, now),
    ...collectionColumns(row, p),
    ...pauseColumns(p, now),
    ...(p.trial_settings !== undefined && { trial_missing_payment_method: p.trial_settings.end_behavior.missing_payment_method }),
    ...cancellationDetailsColumn(row, p),
    ...(await discountsColumn(ctx, row, p, now)),
    ...(p.default_payment_method !== undefined && { default_payment_method: p.default_payment_method }),
    ...(p.default_tax_rates !== undefined && { default_tax_rates: JSON.stringify((await loadTaxRates(ctx, p.default_tax_rates ?? [], 'default_tax_rates')).map((rate) => rate.id)) }),
    ...(p.description !== undefined && { description: p.description }),
    ...paymentSettingsColumn(row.payment_settings, p.payment_settings),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(parseJson(row.metadata, {}), p.metadata)) }),
  };
  const behavior = p.proration_behavior ?? 'create_prorations';
  if (p.items !== undefined && p.items.length > 0) {
    const paymentBehavior = (p.payment_behavior ?? 'allow_incomplete') as PaymentBehavior;
    const at = p.proration_date ?? now;
    Object.assign(patch, await changeItems(ctx, row, p.items, { behavior, at, billedAt: now, patch, paymentBehavior, offSession: p.off_session, entryAt }));
  }
  const object = await toSubscription(ctx, await updateSubscriptionRow(ctx.db, ctx.scope, id, patch));
  await recordEvent(ctx, 'customer.subscription.updated', object, before);
  return object;
}
