import type { Ctx } from '../../context.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import { detachSubscription } from './advance.ts';
import type { ScheduleObject } from './object.ts';
import { updateScheduleRow } from './repository.ts';
import type { ReleaseScheduleParams } from './schemas.ts';
import { recordScheduleEvent, requireSchedule } from './service.ts';
import { requireOpen } from './update.ts';

/**
 * Releases a schedule: its phases stop; a subscription it runs goes on alone
 * (released_subscription), keeping the end the schedule set only with preserve_cancel_date.
 */
export async function releaseSchedule(ctx: Ctx, id: string, p: ReleaseScheduleParams): Promise<ScheduleObject> {
  const row = await requireSchedule(ctx, id);
  requireOpen(row, 'release');
  const now = await clockTime(ctx, row.test_clock);
  const sub = row.subscription === null ? undefined : await findSubscription(ctx.db, ctx.scope, row.subscription);
  if (sub) await detachSubscription(ctx, sub, p.preserve_cancel_date === true);
  const released = await updateScheduleRow(ctx.db, ctx.scope, id, {
    status: 'released',
    released_at: now,
    released_subscription: row.subscription,
    subscription: null,
    current_phase: null,
    next_at: null,
  });
  return recordScheduleEvent(ctx, 'released', released);
}
