import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { BursarError } from '../../kit/errors.ts';
import { parseJson } from '../../kit/json.ts';
import { recordEvent } from '../events/service.ts';
import { timeOn } from '../test-clocks/service.ts';
import { cycleColumns, planSubscriptionChange, type ChangePlan } from './change-plan.ts';
import type { SubscriptionObject } from './object.ts';
import { updateSubscriptionRow, type SubscriptionRow } from './repository.ts';
import { requireSubscription } from './service.ts';
import { toSubscription } from './view.ts';

/** A change of items that takes effect when the current period ends (a downgrade the portal schedules). */
export interface ScheduledChange {
  effective_at: number;
  items: { id: string; price: string; quantity: number }[];
}

const scheduledChangeOf = (row: SubscriptionRow) => parseJson<ScheduledChange | null>(row.scheduled_change, null);

async function saveScheduledChange(ctx: Ctx, row: SubscriptionRow, change: ScheduledChange | null): Promise<SubscriptionObject> {
  const before = await toSubscription(ctx, row);
  const updated = await updateSubscriptionRow(ctx.db, ctx.scope, row.id, { scheduled_change: change === null ? null : JSON.stringify(change) });
  const object = await toSubscription(ctx, updated);
  await recordEvent(ctx, 'customer.subscription.updated', object, before);
  return object;
}

/**
 * Schedules `items` for the end of the current period, replacing any change scheduled
 * before. The items are checked now as an update would check them (own items, prices in
 * the subscription's currency, one interval); nothing is billed until the renewal, which
 * restarts the billing cycle when the interval changes (yearly → monthly).
 */
export async function scheduleSubscriptionChange(ctx: Ctx, id: string, items: ScheduledChange['items']): Promise<SubscriptionObject> {
  const row = await requireSubscription(ctx, id);
  if (row.status === 'canceled' || row.status === 'incomplete_expired' || row.cancel_at !== null) {
    throw BursarError.invalid(`Subscription ${id} ends; a change cannot be scheduled for its next period.`, 'id');
  }
  await planSubscriptionChange(ctx, row, items, 'none', await timeOn(ctx, row.test_clock));
  return saveScheduledChange(ctx, row, { effective_at: row.current_period_end, items });
}

/** Drops the scheduled change: the subscription renews as it is. */
export async function cancelScheduledChange(ctx: Ctx, id: string): Promise<SubscriptionObject> {
  const row = await requireSubscription(ctx, id);
  if (scheduledChangeOf(row) === null) throw BursarError.invalid(`Subscription ${id} has no scheduled change.`, 'id');
  return saveScheduledChange(ctx, row, null);
}

/**
 * The scheduled change planned as of `at` (unprorated), when one is due by then; null
 * without one, or when it no longer applies (its item or price gone): the subscription
 * then renews as it is.
 */
async function dueScheduledChange(ctx: Ctx, row: SubscriptionRow, at: number): Promise<ChangePlan | null> {
  const change = scheduledChangeOf(row);
  if (change === null || change.effective_at > at) return null;
  try {
    return await planSubscriptionChange(ctx, row, change.items, 'none', at);
  } catch (error) {
    if (!(error instanceof BursarError) || error.status >= 500) throw error;
    return null;
  }
}

/** The scheduled change as the next period will bill it (its items, its interval), or null without one (previews). */
export const scheduledChangePlan = (ctx: Ctx, row: SubscriptionRow): Promise<ChangePlan | null> => dueScheduledChange(ctx, row, row.current_period_end);

/**
 * At a renewal (the period starting at `periodStart`): applies the change scheduled for
 * it before the new period is billed; returns the column patch that clears it (and, for a
 * move to another interval, restarts the billing cycle at `periodStart`).
 */
export async function applyScheduledChange(ctx: Ctx, row: SubscriptionRow, periodStart: number): Promise<Updateable<SubscriptionsTable>> {
  if (row.scheduled_change === null) return {};
  const plan = await dueScheduledChange(ctx, row, periodStart);
  await plan?.items.apply();
  if (plan) return { scheduled_change: null, ...cycleColumns(row, plan) };
  return scheduledChangeOf(row)!.effective_at <= periodStart ? { scheduled_change: null } : {};
}
