import type { Ctx } from '../../context.ts';
import { nextRetryAt, retryTimes } from '../../billing/retry-schedule.ts';
import { BursarError } from '../../kit/errors.ts';
import { recordEvent } from '../events/service.ts';
import { hasPaymentMethod, payInvoice } from '../invoices/pay.ts';
import { requireInvoice } from '../invoices/service.ts';
import { findSubscription, pastDueOfCustomer, transitionSubscription, updateSubscriptionRow, type SubscriptionRow } from './repository.ts';
import { DEFAULT_DUNNING, recordMove as moved, type DunningPolicy } from './past-due.ts';

// The policy lives beside startDunning (past-due.ts), which charging reaches without the retries.
export { DEFAULT_DUNNING, type DunningPolicy } from './past-due.ts';

/** Charges an open invoice; a decline is kept (its attempt and invoice.payment_failed), not thrown. Without a card it waits. */
export async function tryPayment(ctx: Ctx, invoice: string): Promise<void> {
  if (!(await hasPaymentMethod(ctx, invoice))) return;
  try {
    await payInvoice(ctx, invoice, {});
  } catch (error) {
    if (!(error instanceof BursarError && error.keepChanges)) throw error;
  }
}

/**
 * A retry is due: charge the latest invoice again. Paid, the subscription turns active
 * (activation.ts); declined, the next retry counts from the first failure; with none
 * left it ends canceled or unpaid, as the policy says.
 */
export async function retryPayment(ctx: Ctx, row: SubscriptionRow, policy: DunningPolicy = DEFAULT_DUNNING): Promise<void> {
  const invoiceId = row.latest_invoice;
  if (invoiceId && (await requireInvoice(ctx, invoiceId)).status === 'open') await tryPayment(ctx, invoiceId);
  const invoice = invoiceId ? await requireInvoice(ctx, invoiceId) : null;
  const current = (await findSubscription(ctx.db, ctx.scope, row.id))!;
  if (current.status !== 'past_due') return;
  if (!invoice || invoice.status !== 'open') {
    await updateSubscriptionRow(ctx.db, ctx.scope, row.id, { next_retry_at: null });
    return;
  }
  const now = ctx.clock.now();
  const first = current.first_failed_at ?? now;
  const scheduled = nextRetryAt(first, Math.max(invoice.attempt_count, 1), policy.delays);
  // Without a card no attempt was counted: go on to the next retry time still ahead.
  const next = scheduled !== null && scheduled <= now ? (retryTimes(first, policy.delays).find((t) => t > now) ?? null) : scheduled;
  if (next !== null) {
    await updateSubscriptionRow(ctx.db, ctx.scope, row.id, { next_retry_at: next });
    return;
  }
  if (policy.exhausted === 'unpaid') {
    await moved(ctx, current, await transitionSubscription(ctx.db, ctx.scope, row.id, ['past_due'], { status: 'unpaid', next_retry_at: null }));
    return;
  }
  const ended = await transitionSubscription(ctx.db, ctx.scope, row.id, ['past_due'], {
    status: 'canceled',
    canceled_at: now,
    ended_at: now,
    next_retry_at: null,
    cancellation_details: JSON.stringify({ comment: null, feedback: null, reason: 'payment_failed' }),
  });
  await moved(ctx, current, ended, 'customer.subscription.deleted');
}

/** A past_due customer named a new default card: the open invoices are tried again at once, as in Stripe. */
export async function retryOnNewPaymentMethod(ctx: Ctx, customer: string): Promise<void> {
  for (const row of await pastDueOfCustomer(ctx.db, ctx.scope, customer)) {
    if (row.latest_invoice && (await requireInvoice(ctx, row.latest_invoice)).status === 'open') await tryPayment(ctx, row.latest_invoice);
  }
}

