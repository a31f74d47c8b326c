import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { recordEvent } from '../events/service.ts';
import { requireInvoice } from '../invoices/service.ts';
import { storedPaymentSettings } from './payment-settings.ts';
import { findSubscription, transitionSubscription } from './repository.ts';
import { toSubscription } from './view.ts';

/**
 * Paying its invoice makes an incomplete subscription active, as in Stripe; a past_due or
 * unpaid one turns active once its latest invoice is paid, and its retries stop. With
 * `payment_settings[save_default_payment_method]=on_subscription`, the card that paid
 * becomes the subscription's default payment method. One customer.subscription.updated says both.
 */
export async function activateOnPayment(ctx: Ctx, id: string, paidWith: string | null = null): Promise<void> {
  const row = await findSubscription(ctx.db, ctx.scope, id);
  if (!row) return;
  const patch: Updateable<SubscriptionsTable> = {};
  if (row.status === 'incomplete') {
    patch.status = 'active';
  } else if ((row.status === 'past_due' || row.status === 'unpaid') && row.latest_invoice && (await requireInvoice(ctx, row.latest_invoice)).status === 'paid') {
    Object.assign(patch, { status: 'active', first_failed_at: null, next_retry_at: null });
  }
  const saves = storedPaymentSettings(row.payment_settings).save_default_payment_method === 'on_subscription';
  if (saves && paidWith !== null && paidWith !== row.default_payment_method) patch.default_payment_method = paidWith;
  if (Object.keys(patch).length === 0) return;
  const moved = await transitionSubscription(ctx.db, ctx.scope, id, [row.status], patch);
  if (moved) await recordEvent(ctx, 'customer.subscription.updated', await toSubscription(ctx, moved), await toSubscription(ctx, row));
}
