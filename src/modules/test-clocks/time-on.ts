import type { Ctx } from '../../context.ts';
import { findTestClock } from './repository.ts';

/**
 * The time for an object of a customer on `testClock` (its frozen time), else now. Reads the
 * clock's row only, so modules below the customers' service can stamp their objects with it.
 */
export async function clockTime(ctx: Ctx, testClock: string | null): Promise<number> {
  if (testClock === null) return ctx.clock.now();
  return (await findTestClock(ctx.db, ctx.scope, testClock))?.frozen_time ?? ctx.clock.now();
}
