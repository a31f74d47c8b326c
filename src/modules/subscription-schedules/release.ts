import type { Ctx } from '../../context.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import { releaseSchedule as releaseAt } from './advance.ts';
import type { ScheduleObject } from './object.ts';
import type { ReleaseScheduleParams } from './schemas.ts';
import { requireSchedule } from './service.ts';
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
  // Moved on by the billing jobs meanwhile: released as it is now, if it is still open.
  return (await releaseAt(ctx, row, sub, now, p.preserve_cancel_date === true)) ?? releaseSchedule(ctx, id, p);
}
