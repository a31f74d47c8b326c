// The dunning schedule: when to try a failed invoice payment again. Delays follow the
// wording of Stripe's custom retry schedules ("N days after the previous attempt"), but
// every attempt time is summed from the first failure, so a job that runs late never
// pushes the rest of the schedule back, and the same inputs always give the same times.

const DAY = 86_400;

/**
 * Bursar's default: three retries, 3, 5 and 7 days after the attempt before (days 3, 8
 * and 15), so four attempts in all over about two weeks, close to the window of Stripe's
 * recommended Smart Retries policy. Operators configure their own list.
 */
export const DEFAULT_RETRY_DELAYS: readonly number[] = [3 * DAY, 5 * DAY, 7 * DAY];

function checkDelays(delays: readonly number[]): void {
  for (const d of delays) {
    if (!Number.isSafeInteger(d) || d <= 0) throw new RangeError(`retry delays must be positive whole seconds, got ${d}`);
  }
}

/** The time of every retry after the first failed attempt, in order. */
export function retryTimes(firstFailure: number, delays: readonly number[] = DEFAULT_RETRY_DELAYS): number[] {
  checkDelays(delays);
  let t = firstFailure;
  return delays.map((d) => (t += d));
}

/**
 * When to try next, given how many attempts have been made (Stripe's invoice
 * `attempt_count`, 1 after the first failure); null once the retries are used up,
 * when the subscription moves on to its final state (canceled, unpaid or past_due).
 */
export function nextRetryAt(firstFailure: number, attemptCount: number, delays: readonly number[] = DEFAULT_RETRY_DELAYS): number | null {
  if (!Number.isInteger(attemptCount) || attemptCount < 1) throw new RangeError(`attempt count must be at least 1, got ${attemptCount}`);
  return retryTimes(firstFailure, delays)[attemptCount - 1] ?? null;
}
