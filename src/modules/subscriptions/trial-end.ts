import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { hasCardToCharge } from '../invoices/pay.ts';
import { transitionSubscription, type SubscriptionRow } from './repository.ts';
import { toSubscription } from './view.ts';

/**
 * A trial ends without a payment method to charge: as trial_settings say, the
 * subscription is paused (no invoice until it is resumed) or canceled, and true is
 * returned; with create_invoice (the default), or a card, or send_invoice, it renews as
 * usual (false) and an invoice it cannot charge leaves it past_due.
 */
export async function endTrialWithoutPaymentMethod(ctx: Ctx, row: SubscriptionRow): Promise<boolean> {
  const behavior = row.trial_missing_payment_method;
  if (row.status !== 'trialing' || behavior === 'create_invoice' || row.collection_method !== 'charge_automatically') return false;
  if (await hasCardToCharge(ctx, row)) return false;
  const at = row.current_period_end;
  const before = await toSubscription(ctx, row);
  if (behavior === 'pause') {
    const paused = await transitionSubscription(ctx.db, ctx.scope, row.id, ['trialing'], { status: 'paused' });
    if (!paused) return true;
    const object = await toSubscription(ctx, paused);
    await recordEvent(ctx, 'customer.subscription.updated', object, before);
    await recordEvent(ctx, 'customer.subscription.paused', object);
    return true;
  }
  const canceled = await transitionSubscription(ctx.db, ctx.scope, row.id, ['trialing'], {
    status: 'canceled',
    canceled_at: at,
    ended_at: at,
    cancel_at: null,
    cancellation_details: JSON.stringify({ comment: null, feedback: null, reason: null }),
  });
  if (canceled) await recordEvent(ctx, 'customer.subscription.deleted', await toSubscription(ctx, canceled));
  return true;
}
