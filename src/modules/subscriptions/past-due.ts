import type { Ctx } from '../../context.ts';
import { DEFAULT_RETRY_DELAYS, nextRetryAt } from '../../billing/retry-schedule.ts';
import type { EventType } from '../events/event-types.ts';
import { recordEvent } from '../events/service.ts';
import { requireInvoice } from '../invoices/service.ts';
import { findSubscription, RUNNING, transitionSubscription, type SubscriptionRow } from './repository.ts';
import { toSubscription } from './view.ts';
import { paymentInFlight } from '../payment-intents/repository.ts';

/** How failed renewals are retried, and where a subscription ends up when every retry failed. */
export interface DunningPolicy {
  delays: readonly number[];
  exhausted: 'canceled' | 'unpaid';
}

export const DEFAULT_DUNNING: DunningPolicy = { delays: DEFAULT_RETRY_DELAYS, exhausted: 'canceled' };

/** A subscription moved: its event (updated, with what changed; or deleted). */
export async function recordMove(ctx: Ctx, before: SubscriptionRow, after: SubscriptionRow | undefined, type: EventType = 'customer.subscription.updated'): Promise<void> {
  if (!after) return;
  await recordEvent(ctx, type, await toSubscription(ctx, after), type.endsWith('.updated') ? await toSubscription(ctx, before) : undefined);
}

/** After a charge on the subscription's latest invoice failed: past_due, with the next retry scheduled. */
export async function startDunning(ctx: Ctx, id: string, invoiceId: string, policy: DunningPolicy = DEFAULT_DUNNING): Promise<void> {
  const invoice = await requireInvoice(ctx, invoiceId);
  const row = await findSubscription(ctx.db, ctx.scope, id);
  if (!row || invoice.status !== 'open' || invoice.collection_method !== 'charge_automatically') return;
  // A charge still on its way at a remote processor: its outcome decides (payment-intents/settle.ts).
  if (await paymentInFlight(ctx.db, ctx.scope, invoiceId)) return;
  const now = ctx.clock.now();
  const after = await transitionSubscription(ctx.db, ctx.scope, id, RUNNING, {
    status: 'past_due',
    first_failed_at: now,
    next_retry_at: nextRetryAt(now, Math.max(invoice.attempt_count, 1), policy.delays),
  });
  if (row.status !== 'past_due') await recordMove(ctx, row, after);
}

