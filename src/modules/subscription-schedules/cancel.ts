import type { Ctx } from '../../context.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import { cancelSubscriptionAt } from '../subscriptions/cancel.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import { ENDED } from './advance.ts';
import type { ScheduleObject } from './object.ts';
import { updateScheduleRow } from './repository.ts';
import type { CancelScheduleParams } from './schemas.ts';
import { recordScheduleEvent, requireSchedule } from './service.ts';
import { requireOpen } from './update.ts';

/**
 * Cancels a schedule and, when it is running, its subscription now: invoice_now (default
 * true) bills pending items in a final invoice, prorate (default true) credits the unused time.
 */
export async function cancelSchedule(ctx: Ctx, id: string, p: CancelScheduleParams): Promise<ScheduleObject> {
  const row = await requireSchedule(ctx, id);
  requireOpen(row, 'cancel');
  const now = await clockTime(ctx, row.test_clock);
  const sub = row.subscription === null ? undefined : await findSubscription(ctx.db, ctx.scope, row.subscription);
  if (sub && !ENDED.includes(sub.status)) {
    await cancelSubscriptionAt(ctx, sub, now, { invoice_now: p.invoice_now ?? true, prorate: p.prorate ?? true });
  }
  const canceled = await updateScheduleRow(ctx.db, ctx.scope, id, { status: 'canceled', canceled_at: now, current_phase: null, next_at: null });
  return recordScheduleEvent(ctx, 'canceled', canceled);
}
