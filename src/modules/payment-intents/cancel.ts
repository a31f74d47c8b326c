import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { toPaymentIntent } from './object.ts';
import { BursarError } from '../../kit/errors.ts';
import { findIntentOfInvoice, updatePaymentIntentRow, type PaymentIntentRow } from './repository.ts';

/** Statuses an intent can still be canceled from: nothing was taken and nothing is on its way. */
export const CANCELABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** Cancels an intent, with its event; an intent past canceling is refused. */
export async function cancelIntent(ctx: Ctx, intent: PaymentIntentRow, reason: string | null): Promise<PaymentIntentRow> {
  if (!CANCELABLE.includes(intent.status)) {
    throw BursarError.invalid(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`, undefined, 'payment_intent_unexpected_state');
  }
  const canceled = await updatePaymentIntentRow(ctx.db, ctx.scope, intent.id, { status: 'canceled', canceled_at: ctx.clock.now(), cancellation_reason: reason, next_action_url: null });
  await recordEvent(ctx, 'payment_intent.canceled', await toPaymentIntent(ctx, canceled));
  return canceled;
}

/** A voided invoice's intent is canceled with it, as in Stripe. */
export async function cancelInvoiceIntent(ctx: Ctx, invoice: string): Promise<void> {
  const intent = await findIntentOfInvoice(ctx.db, ctx.scope, invoice);
  if (intent && CANCELABLE.includes(intent.status)) await cancelIntent(ctx, intent, 'void_invoice');
}
