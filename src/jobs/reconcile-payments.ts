import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import type { DunningPolicy } from '../modules/subscriptions/dunning.ts';
import { askAgainAboutAttempt, cancelAgain } from '../modules/payment-intents/reconcile.ts';
import { supersededDue, unsettledDue } from '../modules/payment-intents/repository.ts';
import { askAgainAboutRefund } from '../modules/refunds/reconcile.ts';
import { unsettledRefundsDue } from '../modules/refunds/repository.ts';
import type { ProcessorAccess } from '../context.ts';
import { every, type PeriodicTask } from './periodic.ts';

export const RECONCILE_INTERVAL_MS = 30_000;
const BATCH = 50;

export interface ReconcileDeps {
  db: Db;
  /** Real time: an attempt is asked about again a while after it was left without an answer. */
  clock: Clock;
  logger: Logger;
  dunning?: DunningPolicy;
  publicUrl?: string;
  /** How processors are reached, as API requests reach them. */
  payments?: ProcessorAccess;
}

export interface ReconcileResult {
  /** Attempts whose outcome is now known, by outcome. */
  settled: Record<string, number>;
  /** Attempts still without an answer: asked about again later. */
  unknown: number;
  failed: { charge: string; error: string }[];
  /** Refunds asked about again, the same way: by what they became. */
  refunds: Record<string, number>;
  failedRefunds: { refund: string; error: string }[];
  /** Superseded attempts canceled again at their processor, by what the cancel found (canceled, succeeded, unknown). */
  cancels: Record<string, number>;
}

/**
 * Asks the processor again, with each attempt's own idempotency key, about the attempts it
 * left without a sure answer (a timeout, a crash between recording and calling) once their
 * time has come, and applies each answer. Never a new charge: the key is the attempt's.
 * Cancels again at the processor the superseded attempts whose cancel did not happen.
 */
export async function reconcilePayments(deps: ReconcileDeps): Promise<ReconcileResult> {
  const result: ReconcileResult = { settled: {}, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} };
  for (const charge of await unsettledDue(deps.db, deps.clock.now(), BATCH)) {
    try {
      const settled = await askAgainAboutAttempt(deps, charge);
      if (!settled) continue; // another process is asking about it
      if (settled.outcome.status === 'unknown') result.unknown++;
      else result.settled[settled.outcome.status] = (result.settled[settled.outcome.status] ?? 0) + 1;
    } catch (err) {
      deps.logger.error({ err, charge: charge.id }, 'payment reconciliation failed');
      result.failed.push({ charge: charge.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  for (const refund of await unsettledRefundsDue(deps.db, deps.clock.now(), BATCH)) {
    try {
      const settled = await askAgainAboutRefund(deps, refund);
      if (settled) result.refunds[settled.refund.status] = (result.refunds[settled.refund.status] ?? 0) + 1;
    } catch (err) {
      deps.logger.error({ err, refund: refund.id }, 'refund reconciliation failed');
      result.failedRefunds.push({ refund: refund.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  for (const charge of await supersededDue(deps.db, deps.clock.now(), BATCH)) {
    try {
      const outcome = await cancelAgain(deps, charge);
      if (outcome) result.cancels[outcome.status] = (result.cancels[outcome.status] ?? 0) + 1;
    } catch (err) {
      deps.logger.error({ err, charge: charge.id }, 'canceling a superseded payment failed');
      result.cancels.unknown = (result.cancels.unknown ?? 0) + 1;
    }
  }
  return result;
}

/** Reconciles now and then every interval. */
export function startPaymentReconciliation(deps: ReconcileDeps, intervalMs = RECONCILE_INTERVAL_MS): PeriodicTask {
  return every(intervalMs, async () => {
    const result = await reconcilePayments(deps);
    if (Object.keys(result.settled).length > 0 || result.unknown > 0 || result.failed.length > 0 || Object.keys(result.refunds).length > 0 || result.failedRefunds.length > 0 || Object.keys(result.cancels).length > 0) deps.logger.info({ reconciled: result }, 'payment reconciliation');
  });
}
