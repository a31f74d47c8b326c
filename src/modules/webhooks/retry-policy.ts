/** How deliveries are retried and when a failing endpoint is given up. Times in milliseconds. */
export interface WebhookPolicy {
  /** Waits before the 2nd, 3rd … attempt (the 1st is at once); after the last, the delivery fails. */
  delays: readonly number[];
  /** Each wait varies by up to ± this share, so retries of many deliveries spread out. */
  jitter: number;
  /** One request's limit, connection included. */
  timeout: number;
  /** An endpoint failing every attempt for this long is disabled. */
  disableAfter: number;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** Standard Webhooks' recommended schedule, stretched over about 3 days as in Stripe. */
export const DEFAULT_WEBHOOK_DELAYS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H];

export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = {
  delays: DEFAULT_WEBHOOK_DELAYS,
  jitter: 0.2,
  timeout: 15 * S,
  disableAfter: 5 * D,
};

/** What the API needs of the operator's webhook settings too. */
export interface WebhookSettings {
  policy: WebhookPolicy;
  /** Host names, addresses and CIDR networks endpoints may reach though internal (`BURSAR_WEBHOOK_ALLOW`). */
  allow: readonly string[];
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { policy: DEFAULT_WEBHOOK_POLICY, allow: [] };

/** How long after its first attempt a delivery is still retried: the schedule's waits added up. */
export function retryWindow(policy: WebhookPolicy): number {
  return policy.delays.reduce((sum, delay) => sum + delay, 0);
}

/** When the next attempt follows `attempts` failed ones, or null when there is none left. */
export function nextAttemptAt(policy: WebhookPolicy, attempts: number, now: number, random = Math.random): number | null {
  const delay = policy.delays[attempts - 1];
  if (delay === undefined) return null;
  return now + Math.round(delay * (1 + policy.jitter * (2 * random() - 1)));
}

/**
 * How long a claim holds a delivery: the request's timeout twice over, plus room to record
 * the outcome. Once it runs out (the process died), another attempt follows.
 */
export function leaseOf(policy: WebhookPolicy): number {
  return 2 * policy.timeout + 5 * S;
}

const UNITS: Record<string, number> = { ms: 1, s: S, m: M, h: H, d: D };

/** `500ms`, `5s`, `30m`, `2h`, `5d` → milliseconds; null when it is none of these. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  return match ? Math.round(Number(match[1]) * UNITS[match[2]]) : null;
}
