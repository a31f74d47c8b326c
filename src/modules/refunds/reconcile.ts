import { ctxOfAttempt, type AskAgainDeps } from '../payment-intents/reconcile.ts';
import { RECONCILE_AFTER_SECONDS } from '../payment-intents/settle.ts';
import { callRecordedRefund } from './attempt.ts';
import { claimUnsettledRefund, type RefundRow } from './repository.ts';
import type { SettledRefund } from './settle.ts';

/**
 * Asks the processor again about a refund left without an answer, with its own key (the
 * processor answers the refund it made, or makes it now, once), and applies the answer.
 * Claimed first, so processes reconciling at once ask once; null when another claimed it.
 */
export async function askAgainAboutRefund(deps: AskAgainDeps, refund: RefundRow): Promise<SettledRefund | null> {
  if (!(await claimUnsettledRefund(deps.db, refund, deps.clock.now() + RECONCILE_AFTER_SECONDS))) return null;
  return callRecordedRefund(ctxOfAttempt(deps, refund), refund.id);
}
