// Billing periods, as Stripe computes them: every boundary is derived from the
// billing cycle anchor, never by adding one interval to the previous boundary,
// so a month-end anchor comes back after a short month (Jan 31 → Feb 29 → Mar 31).
// All times are unix seconds, UTC. Pure: no clock reads.

export type Interval = 'day' | 'week' | 'month' | 'year';

/** A price's recurring part, as Stripe names it. */
export interface Recurring {
  interval: Interval;
  interval_count: number;
}

/** A half-open period [start, end): `end` is the next period's `start`. */
export interface Period {
  start: number;
  end: number;
}

const DAY = 86_400;

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`interval count must be a positive integer, got ${count}`);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Adds whole months to a time, clamping the day to the target month's last day; time of day is kept. */
function addMonths(t: number, months: number): number {
  const d = new Date(t * 1000);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month0));
  const ms = Date.UTC(year, month0, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  return ms / 1000;
}

/** Months in one period of a month/year interval (0 for day/week). */
function monthsPer(interval: Interval, count: number): number {
  return interval === 'year' ? 12 * count : interval === 'month' ? count : 0;
}

/**
 * The n-th period boundary after `anchor` (n = 0 is the anchor itself; negative n goes back).
 * Day and week intervals are fixed lengths of seconds (UTC has no daylight saving);
 * month and year intervals keep the anchor's day of month, clamped to shorter months.
 */
export function addInterval(anchor: number, interval: Interval, count: number, n: number): number {
  checkCount(count);
  if (!Number.isInteger(n)) throw new RangeError(`period index must be an integer, got ${n}`);
  switch (interval) {
    case 'day':
      return anchor + n * count * DAY;
    case 'week':
      return anchor + n * count * 7 * DAY;
    case 'month':
    case 'year':
      return addMonths(anchor, n * monthsPer(interval, count));
  }
}

/** The index n of the period [addInterval(n), addInterval(n + 1)) that holds t. */
function periodIndex(anchor: number, interval: Interval, count: number, t: number): number {
  checkCount(count);
  let n: number;
  if (interval === 'day' || interval === 'week') {
    n = Math.floor((t - anchor) / (count * (interval === 'week' ? 7 : 1) * DAY));
  } else {
    // Estimate from calendar months, then correct by at most a step either way (clamping and time of day).
    const a = new Date(anchor * 1000);
    const b = new Date(t * 1000);
    const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    n = Math.floor(months / monthsPer(interval, count));
  }
  while (addInterval(anchor, interval, count, n) > t) n--;
  while (addInterval(anchor, interval, count, n + 1) <= t) n++;
  return n;
}

/** The period, aligned with `anchor`, that holds t (before the anchor too: periods extend backwards). */
export function periodContaining(anchor: number, interval: Interval, count: number, t: number): Period {
  const n = periodIndex(anchor, interval, count, t);
  return { start: addInterval(anchor, interval, count, n), end: addInterval(anchor, interval, count, n + 1) };
}

/** The first period boundary strictly after t: when the subscription renews next. */
export function nextPeriodEnd(anchor: number, interval: Interval, count: number, t: number): number {
  return addInterval(anchor, interval, count, periodIndex(anchor, interval, count, t) + 1);
}

/**
 * The billing cycle anchor of a new subscription, as Stripe picks it: an explicit
 * `billing_cycle_anchor` wins; otherwise the trial end (the first paid period starts
 * when the trial ends); otherwise the start.
 */
export function initialAnchor(options: { start: number; trialEnd?: number | null; billingCycleAnchor?: number | null }): number {
  const { start, trialEnd, billingCycleAnchor } = options;
  if (billingCycleAnchor != null) {
    if (billingCycleAnchor < start) throw new RangeError('billing cycle anchor cannot be before the subscription starts');
    return billingCycleAnchor;
  }
  if (trialEnd != null) {
    if (trialEnd < start) throw new RangeError('trial end cannot be before the subscription starts');
    return trialEnd;
  }
  return start;
}

/** Ending a trial (on time or early, e.g. `trial_end=now`) moves the anchor to that moment, as in Stripe. */
export function anchorAfterTrial(trialEndedAt: number): number {
  return trialEndedAt;
}

/**
 * The anchor after a price change at `changedAt`. Periods of a different length cannot stay
 * aligned with the old anchor, so a change of interval or interval_count (monthly → yearly)
 * restarts the billing cycle at the change, as Stripe does; otherwise the anchor is kept.
 */
export function anchorAfterPriceChange(anchor: number, from: Recurring, to: Recurring, changedAt: number): number {
  return from.interval === to.interval && from.interval_count === to.interval_count ? anchor : changedAt;
}
