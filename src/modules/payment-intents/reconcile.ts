import type { Ctx, ProcessorAccess } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kit/clock.ts';
import type { DunningPolicy } from '../subscriptions/past-due.ts';
import { callRecordedAttempt } from './attempt.ts';
import type { CancelOutcome } from '../../processors/processor.ts';
import { cancelSupersededAttempt } from './cancel-superseded.ts';
import { claimSuperseded, claimUnsettled, type ChargeRow } from './repository.ts';
import { RECONCILE_AFTER_SECONDS, type Settled } from './settle.ts';

export interface AskAgainDeps {
  db: Db;
  clock: Clock;
  dunning?: DunningPolicy;
  publicUrl?: string;
  /** How processors are reached, as API requests reach them. */
  payments?: ProcessorAccess;
}

/** The context of work on an attempt's project and mode, outside any request. */
export const ctxOfAttempt = (deps: AskAgainDeps, attempt: { project_id: string; livemode: number }): Ctx => ({
  db: deps.db,
  scope: { projectId: attempt.project_id, livemode: attempt.livemode === 1 },
  clock: deps.clock,
  requestId: null,
  idempotencyKey: null,
  ...(deps.dunning && { dunning: deps.dunning }),
  ...(deps.publicUrl && { publicUrl: deps.publicUrl }),
  ...deps.payments,
});

/**
 * Asks the processor again about one attempt left without an answer, with its own key, and
 * applies the answer. The attempt is claimed first (its next check moved on), so processes
 * reconciling at once ask once; null when another claimed it.
 */
export async function askAgainAboutAttempt(deps: AskAgainDeps, charge: ChargeRow): Promise<Settled | null> {
  const next = deps.clock.now() + RECONCILE_AFTER_SECONDS;
  if (!(await claimUnsettled(deps.db, charge, next))) return null;
  return callRecordedAttempt(ctxOfAttempt(deps, charge), charge.id, 'reconcileCharge');
}

/** Cancels again a superseded attempt still open at its processor, claimed first like an unsettled one; null when another claimed it. */
export async function cancelAgain(deps: AskAgainDeps, charge: ChargeRow): Promise<CancelOutcome | null> {
  if (!(await claimSuperseded(deps.db, charge, deps.clock.now() + RECONCILE_AFTER_SECONDS))) return null;
  return cancelSupersededAttempt(ctxOfAttempt(deps, charge), charge.id);
}
