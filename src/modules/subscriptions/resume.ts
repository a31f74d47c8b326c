import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { addInterval, periodContaining, type Interval, type Period } from '../../billing/periods.ts';
import { recordEvent } from '../events/service.ts';
import { timeOn } from '../test-clocks/service.ts';
import { billSubscription } from './bill.ts';
import { collectForSubscription } from './collect.ts';
import { startDunning } from './past-due.ts';
import { pricedItem } from './lines.ts';
import type { SubscriptionObject } from './object.ts';
import { addProrations, asProrationItem } from './prorations.ts';
import { itemsOf, transitionSubscription, updateSubscriptionRow, type SubscriptionRow } from './repository.ts';
import type { ResumeSubscriptionParams } from './schemas.ts';
import { requireSubscription } from './service.ts';
import { toSubscription } from './view.ts';

function notPaused(row: SubscriptionRow): BursarError {
  return BursarError.invalid(`Subscription ${row.id} cannot be resumed because its status is ${row.status}: only a paused subscription can be resumed.`, 'id');
}

/** Charges for the rest of the period the subscription resumes into, prorated as `behavior` says; returns an invoice to collect, if any. */
async function prorateRestOfPeriod(ctx: Ctx, sub: SubscriptionRow, at: number, behavior: string): Promise<string | null> {
  if (behavior === 'none') return null;
  const changes = [];
  for (const row of await itemsOf(ctx.db, ctx.scope, sub.id)) {
    const item = await pricedItem(ctx, row);
    changes.push({ item, before: null, after: asProrationItem(item) });
  }
  const added = await addProrations(ctx, sub, at, changes);
  if (behavior !== 'always_invoice' || added.length === 0) return null;
  return billSubscription(ctx, sub, 'subscription_update', { start: at, end: at }, { pendingOnly: true });
}

/**
 * Resumes a paused subscription (a trial that ended without a payment method), as Stripe's
 * POST /v1/subscriptions/:id/resume. billing_cycle_anchor=now (the default) starts a new
 * period now and invoices it at once; unchanged moves it into the period around now and
 * prorates its rest (create_prorations by default: pending for the next invoice;
 * always_invoice: billed now; none: free until the period ends). It turns active; an
 * invoice that cannot be paid makes it past_due.
 */
export async function resumeSubscription(ctx: Ctx, id: string, p: ResumeSubscriptionParams): Promise<SubscriptionObject> {
  const row = await requireSubscription(ctx, id);
  if (row.status !== 'paused') throw notPaused(row);
  if (p.payment_behavior === 'resume_on_payment_success') {
    throw BursarError.invalid('payment_behavior=resume_on_payment_success is not supported; the subscription resumes when its invoice is charged (resume_on_payment_attempt).', 'payment_behavior');
  }
  const now = await timeOn(ctx, row.test_clock);
  const interval = row.interval as Interval;
  const anchor = typeof p.billing_cycle_anchor === 'object' ? p.billing_cycle_anchor.type : p.billing_cycle_anchor;
  const anchorNow = (anchor ?? 'now') === 'now';
  const period: Period = anchorNow ? { start: now, end: addInterval(now, interval, row.interval_count, 1) } : periodContaining(row.billing_cycle_anchor, interval, row.interval_count, now);
  const resumed = await transitionSubscription(ctx.db, ctx.scope, id, ['paused'], {
    status: 'active',
    billing_cycle_anchor: anchorNow ? now : row.billing_cycle_anchor,
    current_period_start: period.start,
    current_period_end: period.end,
    invoice_upcoming_sent: 0,
  });
  if (!resumed) throw notPaused(await requireSubscription(ctx, id));
  const invoice = anchorNow
    ? await billSubscription(ctx, resumed, 'subscription_update', period)
    : await prorateRestOfPeriod(ctx, resumed, p.proration_date ?? now, p.proration_behavior ?? 'create_prorations');
  const current = invoice === null ? resumed : await updateSubscriptionRow(ctx.db, ctx.scope, id, { latest_invoice: invoice });
  const object = await toSubscription(ctx, current);
  await recordEvent(ctx, 'customer.subscription.resumed', object);
  await recordEvent(ctx, 'customer.subscription.updated', object, await toSubscription(ctx, row));
  if (invoice !== null) {
    await collectForSubscription(ctx, invoice, current);
    await startDunning(ctx, id, invoice, ctx.dunning);
  }
  return toSubscription(ctx, await requireSubscription(ctx, id));
}
