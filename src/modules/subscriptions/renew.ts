import type { Ctx } from '../../context.ts';
import { nextPeriodEnd, type Interval } from '../../billing/periods.ts';
import { recordEvent } from '../events/service.ts';
import { billSubscription } from './bill.ts';
import { collectForSubscription } from './collect.ts';
import { startDunning, type DunningPolicy } from './past-due.ts';
import { advancePeriod, insertCycle, updateSubscriptionRow, type SubscriptionRow } from './repository.ts';
import { applyScheduledChange } from './scheduled-change.ts';
import { endTrialWithoutPaymentMethod } from './trial-end.ts';
import { toSubscription } from './view.ts';

/**
 * The period (or trial) has ended: the next period starts, and its invoice (billing_reason
 * subscription_cycle) is created, finalized and charged. A trial turns active (or, without
 * a payment method, as its trial_settings say: trial-end.ts); a declined charge makes the
 * subscription past_due. Only the runner whose conditional update moved
 * the period bills it, and the cycle's unique row refuses a second invoice for it.
 */
export async function renewSubscription(ctx: Ctx, row: SubscriptionRow, policy?: DunningPolicy): Promise<void> {
  if (await endTrialWithoutPaymentMethod(ctx, row)) return;
  const period = { start: row.current_period_end, end: nextPeriodEnd(row.billing_cycle_anchor, row.interval as Interval, row.interval_count, row.current_period_end) };
  const renewed = await advancePeriod(ctx.db, row, {
    current_period_start: period.start,
    current_period_end: period.end,
    ...(row.status === 'trialing' && { status: 'active' }),
  });
  if (!renewed) return;
  // A change scheduled for this period end (a downgrade) takes effect before the period is billed.
  const applied = await applyScheduledChange(ctx, renewed, period.start);
  // A scheduled move to another interval bills its own first period.
  const billed = { start: period.start, end: applied.current_period_end ?? period.end };
  const invoice = await billSubscription(ctx, renewed, 'subscription_cycle', billed);
  await insertCycle(ctx.db, { project_id: row.project_id, livemode: row.livemode, subscription: row.id, period_start: period.start, billing_reason: 'subscription_cycle', invoice });
  const withInvoice = await updateSubscriptionRow(ctx.db, ctx.scope, row.id, { latest_invoice: invoice, ...applied });
  await recordEvent(ctx, 'customer.subscription.updated', await toSubscription(ctx, withInvoice), await toSubscription(ctx, row));
  await collectForSubscription(ctx, invoice, renewed);
  await startDunning(ctx, row.id, invoice, policy);
}
