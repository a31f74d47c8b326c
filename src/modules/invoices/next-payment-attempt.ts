import type { Ctx } from '../../context.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import type { InvoiceRow } from './repository.ts';

/**
 * Stripe's `next_payment_attempt`: when dunning charges this open invoice again, i.e. the
 * next retry of its subscription while that is past_due on it; null when none is planned.
 */
export async function nextPaymentAttempt(ctx: Ctx, row: InvoiceRow): Promise<number | null> {
  if (row.status !== 'open' || row.subscription === null) return null;
  const sub = await findSubscription(ctx.db, ctx.scope, row.subscription);
  return sub?.status === 'past_due' && sub.latest_invoice === row.id ? sub.next_retry_at : null;
}
