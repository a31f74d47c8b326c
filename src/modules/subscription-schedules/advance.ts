import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { cancelSubscriptionAt } from '../subscriptions/cancel.ts';
import { findSubscription, updateSubscriptionRow, type SubscriptionRow } from '../subscriptions/repository.ts';
import { recordEvent } from '../events/service.ts';
import { toSubscription } from '../subscriptions/view.ts';
import { applyPhase } from './apply-phase.ts';
import { nextAt } from './next-step.ts';
import { phasesOf } from './object.ts';
import { moveSchedule, type ScheduleRow } from './repository.ts';
import type { ScheduleObject } from './object.ts';
import { recordScheduleEvent } from './service.ts';

/** Statuses of a subscription that has ended: its schedule has nothing left to manage. */
export const ENDED = ['canceled', 'incomplete_expired'];

/** Changes what the schedule sets on its subscription (`schedule`, `cancel_at`), recording customer.subscription.updated. */
export async function patchSubscription(ctx: Ctx, sub: SubscriptionRow, patch: Updateable<SubscriptionsTable>): Promise<void> {
  const before = await toSubscription(ctx, sub);
  const moved = await updateSubscriptionRow(ctx.db, ctx.scope, sub.id, patch);
  await recordEvent(ctx, 'customer.subscription.updated', await toSubscription(ctx, moved), before);
}

/** The subscription leaves its schedule and goes on alone; the end the schedule set is dropped unless kept. */
export const detachSubscription = (ctx: Ctx, sub: SubscriptionRow, keepCancelAt: boolean) =>
  patchSubscription(ctx, sub, { schedule: null, ...(!keepCancelAt && { cancel_at: null, cancel_at_period_end: 0 }) });

/**
 * The last phase has ended at `at`: end_behavior=release lets the subscription go on alone
 * (status released); cancel cancels it there (status completed).
 */
async function endSchedule(ctx: Ctx, row: ScheduleRow, sub: SubscriptionRow, at: number): Promise<void> {
  if (row.end_behavior === 'cancel') {
    const moved = await moveSchedule(ctx.db, row, { status: 'completed', completed_at: at, current_phase: null, next_at: null });
    if (!moved) return;
    await cancelSubscriptionAt(ctx, sub, at, {});
    await recordScheduleEvent(ctx, 'completed', moved);
    return;
  }
  await releaseSchedule(ctx, row, sub, at, false);
}

/**
 * Releases the schedule at `at` (status released): its subscription, if it has one, goes on
 * alone. Returns the released schedule, or undefined when it had moved on meanwhile.
 */
export async function releaseSchedule(ctx: Ctx, row: ScheduleRow, sub: SubscriptionRow | undefined, at: number, keepCancelAt: boolean): Promise<ScheduleObject | undefined> {
  const moved = await moveSchedule(ctx.db, row, { status: 'released', released_at: at, released_subscription: row.subscription, subscription: null, current_phase: null, next_at: null });
  if (!moved) return undefined;
  if (sub) await detachSubscription(ctx, sub, keepCancelAt);
  return recordScheduleEvent(ctx, 'released', moved);
}

/** The subscription ended outside the schedule (canceled, or never paid): the schedule is canceled with it. */
async function abortSchedule(ctx: Ctx, row: ScheduleRow, at: number): Promise<void> {
  const moved = await moveSchedule(ctx.db, row, { status: 'canceled', canceled_at: at, current_phase: null, next_at: null });
  if (moved) await recordScheduleEvent(ctx, 'aborted', moved);
}

/**
 * The current phase has ended at `at`: the subscription moves to the next phase (prorated
 * as that phase says) and `current_phase` with it, or, after the last, the schedule ends.
 * Only the runner whose conditional update moved the schedule changes the subscription.
 */
export async function advanceSchedule(ctx: Ctx, row: ScheduleRow, at: number): Promise<void> {
  const sub = row.subscription === null ? undefined : await findSubscription(ctx.db, ctx.scope, row.subscription);
  if (!sub || ENDED.includes(sub.status)) return abortSchedule(ctx, row, at);
  const phases = phasesOf(row);
  const next = row.current_phase! + 1;
  if (next >= phases.length) return endSchedule(ctx, row, sub, at);
  const moved = await moveSchedule(ctx.db, row, { current_phase: next, next_at: nextAt({ ...row, current_phase: next }, phases) });
  if (!moved) return;
  await applyPhase(ctx, moved, sub, next, phases[next].proration_behavior, at);
  await recordScheduleEvent(ctx, 'updated', moved, row);
}

/** A week before the schedule ends: subscription_schedule.expiring, once. */
export async function announceExpiring(ctx: Ctx, row: ScheduleRow): Promise<void> {
  const moved = await moveSchedule(ctx.db, row, { expiring_sent: 1, next_at: nextAt({ ...row, expiring_sent: 1 }, phasesOf(row)) });
  if (moved) await recordScheduleEvent(ctx, 'expiring', moved);
}
