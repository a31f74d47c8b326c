import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { endPauseAt, type SubscriptionRow } from './repository.ts';
import { toSubscription } from './view.ts';

/** pause_collection[resumes_at] has come: the pause ends, and invoices are collected again. */
export async function resumeCollection(ctx: Ctx, row: SubscriptionRow): Promise<void> {
  const resumed = await endPauseAt(ctx.db, row);
  if (resumed) await recordEvent(ctx, 'customer.subscription.updated', await toSubscription(ctx, resumed), await toSubscription(ctx, row));
}
