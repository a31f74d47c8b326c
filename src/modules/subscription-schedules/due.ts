import type { Ctx } from '../../context.ts';
import type { ClockStepSource } from '../subscriptions/due.ts';
import { withSavepoint } from '../../db/savepoint.ts';
import { BursarError } from '../../kit/errors.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import { advanceSchedule, announceExpiring, releaseSchedule } from './advance.ts';
import { stepDue } from './next-step.ts';
import { phasesOf } from './object.ts';
import { firstDueOnClock, type ScheduleRow } from './repository.ts';
import { recordScheduleEvent } from './service.ts';
import { startSchedule } from './start.ts';

/** Runs the schedule's step due at `at`, in the caller's transaction. */
export async function runScheduleStep(ctx: Ctx, row: ScheduleRow, at: number): Promise<void> {
  try {
    await withSavepoint(ctx.db, () => runStep(ctx, row, at));
  } catch (error) {
    if (!(error instanceof BursarError)) throw error;
    // The phase can no longer be applied (a price archived, the customer deleted): retrying
    // would fail forever and hold back the subscription's renewals, so the schedule lets go.
    const sub = row.subscription === null ? undefined : await findSubscription(ctx.db, ctx.scope, row.subscription);
    await releaseSchedule(ctx, row, sub, at, false);
  }
}

async function runStep(ctx: Ctx, row: ScheduleRow, at: number): Promise<void> {
  switch (stepDue(row, phasesOf(row), at)) {
    case 'start': {
      const started = await startSchedule(ctx, row, at);
      if (started) await recordScheduleEvent(ctx, 'updated', started, row);
      return;
    }
    case 'expiring':
      return announceExpiring(ctx, row);
    case 'advance':
      return advanceSchedule(ctx, row, at);
    case null:
      return;
  }
}

/** A test clock's schedules, run by its advance in time order with the subscriptions' steps. */
export const scheduleClockSteps: ClockStepSource = async (ctx, testClock, upTo) => {
  const row = await firstDueOnClock(ctx.db, ctx.scope, testClock, upTo);
  if (!row) return null;
  return { at: row.next_at!, run: (atCtx) => runScheduleStep(atCtx, row, atCtx.clock.now()) };
};
