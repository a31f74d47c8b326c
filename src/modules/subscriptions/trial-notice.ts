import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { markTrialNoticeSent, type SubscriptionRow } from './repository.ts';
import { toSubscription } from './view.ts';

/** customer.subscription.trial_will_end, once per trial: the flag is set in the statement that claims it. */
export async function sendTrialWillEnd(ctx: Ctx, row: SubscriptionRow): Promise<void> {
  const moved = await markTrialNoticeSent(ctx.db, row);
  if (moved) await recordEvent(ctx, 'customer.subscription.trial_will_end', await toSubscription(ctx, moved));
}
