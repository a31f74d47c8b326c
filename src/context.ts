import type { Db } from './db/database.ts';
import type { Clock } from './kit/clock.ts';
import type { ModeClients } from './net/client.ts';
import type { makeProcessor } from './processors/make.ts';
import type { DunningPolicy } from './modules/subscriptions/dunning.ts';
import type { PortalTimeouts } from './modules/portal-sessions/timeouts.ts';
import type { WebhookSettings } from './modules/webhooks/retry-policy.ts';

/** Whose data a call touches: one project, in test or live mode. */
export interface Scope {
  projectId: string;
  livemode: boolean;
}

/** How payment processors are reached (the operator's settings): the same for requests, hosted pages and jobs. */
export interface ProcessorAccess {
  /** The guarded outgoing clients (calls to payment processors); a client with no allowlist when unset. */
  outgoing?: ModeClients;
  /** The operator's override of Stripe's API address (a stand-in server); Stripe's own when unset. */
  stripeApiUrl?: string;
  /** Builds a processor from its settings; makeProcessor when unset (tests give their own). */
  makeProcessor?: typeof makeProcessor;
}

/**
 * What every service call receives. In a write request `db` is the request's
 * transaction, so the change, its event and its idempotency record commit together.
 */
export interface Ctx extends ProcessorAccess {
  db: Db;
  scope: Scope;
  clock: Clock;
  /**
   * Real time when `clock` is not: billing steps on a test clock run at the clock's time,
   * and what they record must still be kept by when it was written. Unset: `clock`.
   */
  wallClock?: Clock;
  /** `req_…` of the API request, or null for work Bursar does by itself. */
  requestId: string | null;
  idempotencyKey: string | null;
  /** Where clients reach Bursar, for links in objects (invoice URLs); a local default when unset. */
  publicUrl?: string;
  /** How failed renewals are retried and end (the operator's setting); DEFAULT_DUNNING when unset. */
  dunning?: DunningPolicy;
  /** Seconds before a renewal that invoice.upcoming is sent, 0 for never (the operator's setting); DEFAULT_UPCOMING_NOTICE when unset. */
  upcomingNotice?: number;
  /** How long portal sessions last and may sit idle (the operator's setting); DEFAULT_PORTAL_TIMEOUTS when unset. */
  portalTimeouts?: PortalTimeouts;
  /** Webhook retries and allowlist (the operator's settings); DEFAULT_WEBHOOK_SETTINGS when unset. */
  webhooks?: WebhookSettings;
  /**
   * Attempts recorded in this transaction that a remote processor is to be asked about once
   * it commits: charges (payment-intents/attempt.ts) and refunds (refunds/attempt.ts); unset
   * where nobody would call them.
   */
  remoteCharges?: string[];
}

/** Columns that pin a row to its scope; every repository query filters on both. */
export function scopeColumns(scope: Scope): { project_id: string; livemode: number } {
  return { project_id: scope.projectId, livemode: scope.livemode ? 1 : 0 };
}
