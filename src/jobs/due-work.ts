import type { Logger } from 'pino';
import type { ProcessorAccess } from '../context.ts';
import type { Db } from '../db/database.ts';
import { inTransaction } from '../db/after-commit.ts';
import type { Clock } from '../kit/clock.ts';
import type { Ctx, Scope } from '../context.ts';
import { callRecordedAttempts } from '../modules/payment-intents/attempt.ts';
import { dueStep, runDueStep } from '../modules/subscriptions/due.ts';
import type { DunningPolicy } from '../modules/subscriptions/dunning.ts';
import { claimDueSubscription, DEFAULT_UPCOMING_NOTICE } from '../modules/subscriptions/repository.ts';
import { runScheduleStep } from '../modules/subscription-schedules/due.ts';
import { claimDueSchedule } from '../modules/subscription-schedules/repository.ts';
import { every, type PeriodicTask } from './periodic.ts';

export const DUE_WORK_INTERVAL_MS = 1000;

export interface DueWorkDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  dunning?: DunningPolicy;
  /** Seconds before a renewal that invoice.upcoming is sent, 0 for never; DEFAULT_UPCOMING_NOTICE when unset. */
  upcomingNotice?: number;
  /** How renewals reach payment processors, as API requests do. */
  payments?: ProcessorAccess;
  /** Where customers reach Bursar (links processors send them back to). */
  publicUrl?: string;
}

export interface DueWorkResult {
  processed: number;
  failed: { subscription: string; error: string }[];
}

/**
 * Claims one due schedule or, with none due, one due subscription (on real time) and runs
 * its step, in one transaction. Schedules come first: a phase that ends with a period sets
 * what its renewal bills. Returns the claimed id, or null when nothing is due (besides `skip`).
 */
async function runOne(deps: DueWorkDeps, skip: readonly string[], claimed: { id: string | null }): Promise<string | null> {
  const remoteCharges: string[] = [];
  let scope: Scope | null = null;
  const id = await inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const upcomingNotice = deps.upcomingNotice ?? DEFAULT_UPCOMING_NOTICE;
    const ctxOf = (row: { id: string; project_id: string; livemode: number }): Ctx => {
      claimed.id = row.id;
      scope = { projectId: row.project_id, livemode: row.livemode === 1 };
      return { db: trx, scope, clock: deps.clock, requestId: null, idempotencyKey: null, upcomingNotice, remoteCharges, publicUrl: deps.publicUrl, ...deps.payments };
    };
    const schedule = await claimDueSchedule(trx, now, skip);
    if (schedule) {
      await runScheduleStep(ctxOf(schedule), schedule, now);
      return schedule.id;
    }
    const row = await claimDueSubscription(trx, now, skip, upcomingNotice);
    if (!row) return null;
    const ctx = ctxOf(row);
    const step = dueStep(row, now, { upcomingNotice, runAtNow: true });
    if (step) await runDueStep(ctx, row, step, deps.dunning);
    return row.id;
  });
  // A renewal charged through a remote processor: its attempt committed with the step, the call comes now.
  if (remoteCharges.length > 0 && scope) {
    await callRecordedAttempts({ db: deps.db, scope, clock: deps.clock, requestId: null, idempotencyKey: null, publicUrl: deps.publicUrl, ...(deps.dunning && { dunning: deps.dunning }), ...deps.payments }, remoteCharges);
  }
  return id;
}

/**
 * Runs due steps until none is left. A failing step is rolled back, logged and skipped
 * for the rest of this batch (the next batch tries it again); it never stops the others.
 */
export async function runDueWork(deps: DueWorkDeps): Promise<DueWorkResult> {
  const result: DueWorkResult = { processed: 0, failed: [] };
  const skip: string[] = [];
  for (;;) {
    const claimed = { id: null as string | null };
    try {
      if ((await runOne(deps, skip, claimed)) === null) return result;
      result.processed++;
    } catch (err) {
      // Nothing claimed means the claim itself failed (e.g. the database is away): stop this batch.
      if (claimed.id === null) {
        result.failed.push({ subscription: '', error: String(err) });
        return result;
      }
      deps.logger.error({ err, subscription: claimed.id }, 'billing step failed');
      result.failed.push({ subscription: claimed.id, error: err instanceof Error ? err.message : String(err) });
      skip.push(claimed.id);
    }
  }
}

export type DueWorkLoop = PeriodicTask;

/** Runs due work now and then every interval, one batch at a time. */
export function startDueWork(deps: DueWorkDeps, intervalMs = DUE_WORK_INTERVAL_MS): DueWorkLoop {
  return every(intervalMs, async () => {
    const result = await runDueWork(deps);
    if (result.processed > 0 || result.failed.length > 0) deps.logger.info({ billing: { processed: result.processed, failed: result.failed.length } }, 'billing jobs');
  });
}
