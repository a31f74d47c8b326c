import type { Ctx } from '../../context.ts';
import { requireCustomer } from '../customers/service.ts';
import { createSubscription } from '../subscriptions/create.ts';
import type { CreateSubscriptionParams } from '../subscriptions/schemas.ts';
import { findSubscription, updateSubscriptionRow } from '../subscriptions/repository.ts';
import { cancelAtColumns, discountParams } from './apply-phase.ts';
import { nextAt } from './next-step.ts';
import { defaultsOf, phasesOf } from './object.ts';
import { moveSchedule, updateScheduleRow, type ScheduleRow } from './repository.ts';

/**
 * The schedule's start has come: its subscription is created at `at` from the first phase
 * (its first invoice billed as any new subscription's), managed by the schedule. Without
 * a payment method to charge, its first invoice waits open for one (default_incomplete)
 * rather than the start failing. Returns the started schedule, or undefined when another
 * runner started it.
 */
export async function startSchedule(ctx: Ctx, row: ScheduleRow, at: number): Promise<ScheduleRow | undefined> {
  const phases = phasesOf(row);
  const moved = await moveSchedule(ctx.db, row, { status: 'active', current_phase: 0, next_at: nextAt({ ...row, status: 'active', current_phase: 0 }, phases) });
  if (!moved) return undefined;
  const phase = phases[0];
  const defaults = defaultsOf(row);
  const customer = await requireCustomer(ctx, row.customer);
  const method = phase.collection_method ?? defaults.collection_method ?? 'charge_automatically';
  const paymentMethod = phase.default_payment_method ?? defaults.default_payment_method;
  const unpayable = method === 'charge_automatically' && phase.trial_end === null && (paymentMethod ?? customer.default_payment_method) === null;
  const params: CreateSubscriptionParams = {
    customer: row.customer,
    items: phase.items.map((i) => ({ price: i.price, quantity: i.quantity, tax_rates: i.tax_rates, metadata: i.metadata })),
    collection_method: method as CreateSubscriptionParams['collection_method'],
    default_tax_rates: phase.default_tax_rates,
    discounts: discountParams(phase.discounts),
    metadata: phase.metadata,
    ...((phase.description ?? defaults.description) !== null && { description: (phase.description ?? defaults.description)! }),
    payment_behavior: unpayable ? 'default_incomplete' : 'allow_incomplete',
    ...(paymentMethod !== null && { default_payment_method: paymentMethod }),
    ...(phase.trial_end !== null && { trial_end: phase.trial_end }),
    ...(method === 'send_invoice' && { days_until_due: phase.days_until_due ?? 0 }),
  };
  const sub = await createSubscription(ctx, params, { start: at, schedule: row.id });
  const created = (await findSubscription(ctx.db, ctx.scope, sub.id))!;
  const cancelAt = cancelAtColumns(row, 0, created);
  if (cancelAt.cancel_at !== null) await updateSubscriptionRow(ctx.db, ctx.scope, sub.id, cancelAt);
  return updateScheduleRow(ctx.db, ctx.scope, row.id, { subscription: sub.id });
}
