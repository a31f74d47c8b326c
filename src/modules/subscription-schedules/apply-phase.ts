import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { mergeMetadata } from '../../api/params.ts';
import { parseJson } from '../../kit/json.ts';
import { recordEvent } from '../events/service.ts';
import { applyDiscounts, discountsOf } from '../invoices/discounts.ts';
import type { ProrationBehavior } from '../subscriptions/change-plan.ts';
import { changeItems } from '../subscriptions/change-items.ts';
import { itemsOf, updateSubscriptionRow, type SubscriptionItemRow, type SubscriptionRow } from '../subscriptions/repository.ts';
import type { UpdateItemParam } from '../subscriptions/schemas.ts';
import { toSubscription } from '../subscriptions/view.ts';
import { defaultsOf, phasesOf } from './object.ts';
import type { PhaseDiscount, StoredPhase } from './phases.ts';
import type { ScheduleRow } from './repository.ts';

/** Phase discounts as `discounts[]` params: one naming a coupon the subscription already has keeps that discount. */
export function discountParams(discounts: readonly PhaseDiscount[], existing: ReturnType<typeof discountsOf> = []) {
  return discounts.map((d) => {
    const same = existing.find((x) => (d.promotion_code !== null ? x.promotion_code === d.promotion_code : x.coupon === d.coupon && x.promotion_code === null));
    if (d.discount !== null || same) return { discount: d.discount ?? same!.id };
    return d.promotion_code !== null ? { promotion_code: d.promotion_code } : { coupon: d.coupon! };
  });
}

/** The item changes that turn the subscription's items into the phase's: same price kept (its quantity set), others removed or added. */
function itemEntries(current: readonly SubscriptionItemRow[], phase: StoredPhase): UpdateItemParam[] {
  const removed = current.filter((item) => !phase.items.some((p) => p.price === item.price)).map((item) => ({ id: item.id, deleted: true }));
  const set: UpdateItemParam[] = [];
  for (const p of phase.items) {
    const held = current.find((item) => item.price === p.price);
    if (!held) set.push({ price: p.price, quantity: p.quantity, tax_rates: p.tax_rates, metadata: p.metadata });
    else if (held.quantity !== p.quantity || held.tax_rates !== JSON.stringify(p.tax_rates)) set.push({ id: held.id, quantity: p.quantity, tax_rates: p.tax_rates });
  }
  return [...removed, ...set];
}

/**
 * With end_behavior=cancel, the subscription shows in its last phase when it ends
 * (cancel_at), as Stripe's does; otherwise the schedule sets none.
 */
export function cancelAtColumns(schedule: Pick<ScheduleRow, 'end_behavior' | 'phases'>, index: number, sub: Pick<SubscriptionRow, 'current_period_end'>): Updateable<SubscriptionsTable> {
  const phases = phasesOf(schedule);
  if (schedule.end_behavior !== 'cancel' || index !== phases.length - 1) return { cancel_at: null, cancel_at_period_end: 0 };
  const end = phases[index].end_date;
  return { cancel_at: end, cancel_at_period_end: end === sub.current_period_end ? 1 : 0 };
}

/**
 * Brings the schedule's subscription to phase `index` at `at`: its items (prorated by
 * `behavior`), discounts, tax rates, collection and payment settings, metadata.
 * Records customer.subscription.updated when anything changed.
 */
export async function applyPhase(ctx: Ctx, schedule: ScheduleRow, sub: SubscriptionRow, index: number, behavior: ProrationBehavior, at: number): Promise<void> {
  const phase = phasesOf(schedule)[index];
  const defaults = defaultsOf(schedule);
  const before = await toSubscription(ctx, sub);
  const existing = discountsOf(sub);
  const applied = await applyDiscounts(ctx, discountParams(phase.discounts, existing), sub.currency, { existing, customer: sub.customer });
  const method = phase.collection_method ?? defaults.collection_method ?? sub.collection_method;
  const patch: Updateable<SubscriptionsTable> = {
    collection_method: method,
    days_until_due: method === 'send_invoice' ? (phase.days_until_due ?? sub.days_until_due) : null,
    default_payment_method: phase.default_payment_method ?? defaults.default_payment_method ?? sub.default_payment_method,
    default_tax_rates: JSON.stringify(phase.default_tax_rates),
    discounts: JSON.stringify(applied.map((d) => (existing.includes(d) ? d : { ...d, start: at }))),
    metadata: JSON.stringify(mergeMetadata(parseJson(sub.metadata, {}), phase.metadata)),
    description: phase.description ?? defaults.description ?? sub.description,
  };
  const entries = itemEntries(await itemsOf(ctx.db, ctx.scope, sub.id), phase);
  if (entries.length > 0) Object.assign(patch, await changeItems(ctx, sub, entries, { behavior, at, patch, paymentBehavior: 'allow_incomplete' }));
  // After the change: a move to another interval restarts the period.
  Object.assign(patch, cancelAtColumns(schedule, index, { current_period_end: (patch.current_period_end as number | undefined) ?? sub.current_period_end }));
  const object = await toSubscription(ctx, await updateSubscriptionRow(ctx.db, ctx.scope, sub.id, patch));
  await recordEvent(ctx, 'customer.subscription.updated', object, before);
}
