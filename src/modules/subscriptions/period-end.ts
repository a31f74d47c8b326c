import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { RUNNING, transitionSubscription, type SubscriptionRow } from './repository.ts';
import { toSubscription } from './view.ts';

/**
 * Ends a subscription whose cancel_at (or period end, with cancel_at_period_end) has
 * come: canceled, no new invoice. The status condition makes a second runner a no-op.
 */
export async function endSubscription(ctx: Ctx, row: SubscriptionRow, at: number): Promise<void> {
  const details = { ...JSON.parse(row.cancellation_details ?? '{}'), reason: 'cancellation_requested' };
  const moved = await transitionSubscription(ctx.db, ctx.scope, row.id, RUNNING, {
    status: 'canceled',
    canceled_at: row.canceled_at ?? at,
    ended_at: at,
    next_retry_at: null,
    cancellation_details: JSON.stringify({ comment: details.comment ?? null, feedback: details.feedback ?? null, reason: details.reason }),
  });
  if (moved) await recordEvent(ctx, 'customer.subscription.deleted', await toSubscription(ctx, moved));
}
