import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { requireInvoice } from '../invoices/service.ts';
import { findSubscription, transitionSubscription } from './repository.ts';
import { toSubscription } from './view.ts';

/**
 * Paying its invoice makes an incomplete subscription active, as in Stripe; a past_due or
 * unpaid one turns active once its latest invoice is paid, and its retries stop.
 */
export async function activateOnPayment(ctx: Ctx, id: string): Promise<void> {
  const row = await findSubscription(ctx.db, ctx.scope, id);
  if (!row) return;
  let moved;
  if (row.status === 'incomplete') {
    moved = await transitionSubscription(ctx.db, ctx.scope, id, ['incomplete'], { status: 'active' });
  } else if ((row.status === 'past_due' || row.status === 'unpaid') && row.latest_invoice && (await requireInvoice(ctx, row.latest_invoice)).status === 'paid') {
    moved = await transitionSubscription(ctx.db, ctx.scope, id, [row.status], { status: 'active', first_failed_at: null, next_retry_at: null });
  }
  if (moved) await recordEvent(ctx, 'customer.subscription.updated', await toSubscription(ctx, moved), await toSubscription(ctx, row));
}
