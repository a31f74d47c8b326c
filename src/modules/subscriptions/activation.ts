import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { findSubscription, transitionSubscription } from './repository.ts';
import { toSubscription } from './view.ts';

/** Paying its invoice makes an incomplete subscription active, as in Stripe. */
export async function activateOnPayment(ctx: Ctx, id: string): Promise<void> {
  const row = await findSubscription(ctx.db, ctx.scope, id);
  if (!row || row.status !== 'incomplete') return;
  const moved = await transitionSubscription(ctx.db, ctx.scope, id, ['incomplete'], { status: 'active' });
  if (moved) await recordEvent(ctx, 'customer.subscription.updated', await toSubscription(ctx, moved), await toSubscription(ctx, row));
}
