import type { Ctx } from '../../context.ts';
import { endSubscription } from './period-end.ts';
import { renewSubscription } from './renew.ts';
import { retryPayment, type DunningPolicy } from './dunning.ts';
import { sendTrialWillEnd } from './trial-notice.ts';
import { resumeCollection } from './pause-collection.ts';
import { DEFAULT_UPCOMING_NOTICE, dueOnClock, NOTIFIED, TRIAL_WILL_END_NOTICE, type SubscriptionRow } from './repository.ts';
import { sendInvoiceUpcoming } from './upcoming-notice.ts';

export interface DueStep {
  kind: 'trial_will_end' | 'invoice_upcoming' | 'resume_collection' | 'end' | 'renew' | 'retry';
  /** When the step is due: the time it runs at on a test clock. */
  at: number;
}

export interface DueOptions {
  /** Seconds before a renewal that invoice.upcoming is due; 0: never. */
  upcomingNotice: number;
  /**
   * Steps run at `now`, not each at its own time (the due-work loop, on real time): a notice
   * whose renewal is due as well comes too late to announce it, and the renewal runs instead.
   */
  runAtNow: boolean;
}

/** The subscription's earliest step due at `now`, or null; on a tie the order below wins (the notices before the renewal). */
export function dueStep(row: SubscriptionRow, now: number, options: DueOptions): DueStep | null {
  const steps: DueStep[] = [];
  if (row.status === 'trialing' && row.trial_will_end_sent === 0 && row.trial_end !== null) {
    steps.push({ kind: 'trial_will_end', at: Math.max(row.trial_start ?? row.start_date, row.trial_end - TRIAL_WILL_END_NOTICE) });
  }
  const notified = (NOTIFIED as readonly string[]).includes(row.status) && row.invoice_upcoming_sent === 0;
  if (options.upcomingNotice > 0 && notified && !(options.runAtNow && row.current_period_end <= now)) {
    steps.push({ kind: 'invoice_upcoming', at: Math.max(row.current_period_start, row.current_period_end - options.upcomingNotice) });
  }
  // Collection resumes before a renewal at the same time: that invoice is collected.
  if (row.pause_resumes_at !== null) steps.push({ kind: 'resume_collection', at: row.pause_resumes_at });
  // A cancel_at within the period ends it there; a later one waits for its period.
  if (row.cancel_at !== null && row.cancel_at <= row.current_period_end) steps.push({ kind: 'end', at: row.cancel_at });
  else steps.push({ kind: 'renew', at: row.current_period_end });
  if (row.status === 'past_due' && row.next_retry_at !== null) steps.push({ kind: 'retry', at: row.next_retry_at });
  const due = steps.filter((s) => s.at <= now);
  return due.reduce<DueStep | null>((first, s) => (first === null || s.at < first.at ? s : first), null);
}

/** Runs one step of one subscription, in the caller's transaction. */
export async function runDueStep(ctx: Ctx, row: SubscriptionRow, step: DueStep, policy?: DunningPolicy): Promise<void> {
  switch (step.kind) {
    case 'trial_will_end':
      return sendTrialWillEnd(ctx, row);
    case 'invoice_upcoming':
      return sendInvoiceUpcoming(ctx, row);
    case 'resume_collection':
      return resumeCollection(ctx, row);
    case 'end':
      return endSubscription(ctx, row, step.at);
    case 'renew':
      return renewSubscription(ctx, row, policy);
    case 'retry':
      return retryPayment(ctx, row, policy);
  }
}

/** Work of another kind due on a test clock (a schedule's phase change): when, and how to run it at that time. */
export interface ClockStep {
  at: number;
  run(ctx: Ctx): Promise<void>;
}

/** The earliest such step on a clock due by `upTo`, or null. */
export type ClockStepSource = (ctx: Ctx, testClock: string, upTo: number) => Promise<ClockStep | null>;

/** A step that does not move its subscription on would repeat forever: stop well before that. */
const MAX_CLOCK_STEPS = 100_000;

/**
 * Runs every step due on a test clock's subscriptions from `from` (the clock's time before
 * it moved) up to `frozenTime`, earliest first, each at its own time (several renewals when
 * the clock jumps several periods). A step that became due before `from` (a notice again
 * due once a cancellation is taken back) runs at `from`, as the due-work loop would run it
 * at once. Steps of `sources` run among them; on a tie before the subscriptions' own (a phase
 * change at a period end sets what the renewal bills).
 */
export async function runClockSteps(ctx: Ctx, testClock: string, from: number, frozenTime: number, policy?: DunningPolicy, sources: readonly ClockStepSource[] = []): Promise<number> {
  const options = { upcomingNotice: ctx.upcomingNotice ?? DEFAULT_UPCOMING_NOTICE, runAtNow: false };
  for (let count = 0; count < MAX_CLOCK_STEPS; count++) {
    let next: ClockStep | null = null;
    for (const source of sources) {
      const step = await source(ctx, testClock, frozenTime);
      if (step && (next === null || step.at < next.at)) next = step;
    }
    for (const row of await dueOnClock(ctx.db, ctx.scope, testClock, frozenTime, options.upcomingNotice)) {
      const step = dueStep(row, frozenTime, options);
      if (step && (next === null || step.at < next.at)) next = { at: step.at, run: (atCtx) => runDueStep(atCtx, row, { ...step, at: atCtx.clock.now() }, policy) };
    }
    if (next === null) return count;
    const at = Math.max(from, next.at);
    await next.run({ ...ctx, wallClock: ctx.wallClock ?? ctx.clock, clock: { now: () => at } });
  }
  throw new Error(`test clock ${testClock}: more than ${MAX_CLOCK_STEPS} billing steps in one advance`);
}
