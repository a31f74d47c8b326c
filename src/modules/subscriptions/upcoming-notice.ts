import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { previewInvoice } from '../invoices/preview.ts';
import { settleUpcomingNotice, type SubscriptionRow } from './repository.ts';

/** Whether the current period's end renews the subscription: a cancel_at within the period ends it instead. */
export const renewsAtPeriodEnd = (row: SubscriptionRow) => row.cancel_at === null || row.cancel_at > row.current_period_end;

/**
 * invoice.upcoming, once per period, as Stripe's "upcoming renewal events": the invoice the
 * renewal will make, as POST /v1/invoices/create_preview shows it, without an id. A
 * subscription set to end with its period gets none (its flag says withheld, so taking the
 * cancellation back before the renewal sends it). The flag is set in the statement that claims it.
 */
export async function sendInvoiceUpcoming(ctx: Ctx, row: SubscriptionRow): Promise<void> {
  const renews = renewsAtPeriodEnd(row);
  const settled = await settleUpcomingNotice(ctx.db, row, renews ? 1 : 2);
  if (!settled || !renews) return;
  const { id: _id, ...upcoming } = await previewInvoice(ctx, { subscription: row.id });
  await recordEvent(ctx, 'invoice.upcoming', upcoming);
}
