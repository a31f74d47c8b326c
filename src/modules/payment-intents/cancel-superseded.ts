import type { Ctx } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import type { CancelOutcome } from '../../processors/processor.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { findCharge, updateChargeRow } from './repository.ts';
import { settleAttempt } from './settle.ts';

/**
 * A remote processor keeps a payment awaiting authentication open: completed late (an old
 * link), it would take money for an invoice another attempt pays. Each attempt a new one
 * superseded is canceled at the processor after the transaction that superseded it commits
 * (never inside it), queued on `ctx.remoteCharges` like a remote charge. Until canceled its
 * `check_after` stays set, so the reconciliation job tries again.
 */

/** How a queued cancel is told from a queued charge on `ctx.remoteCharges`. */
const CANCEL = 'cancel:';

export const isQueuedCancel = (queued: string): boolean => queued.startsWith(CANCEL);

/** Cancels the superseded attempt `id` once its supersession is committed: now outside a transaction, else after commit. */
export async function cancelAfterCommit(ctx: Ctx, id: string): Promise<void> {
  if (!ctx.db.isTransaction) await cancelSupersededAttempt(ctx, id);
  // Without a queue the reconciliation job cancels it when its check_after comes.
  else ctx.remoteCharges?.push(`${CANCEL}${id}`);
}

/**
 * Cancels a superseded attempt at the processor (`id` as queued or bare). Canceled: nothing
 * more to do. Succeeded: the customer authenticated first and the money came in; it is
 * recorded as the processor's webhook would be (settle.ts: it pays the invoice, or is credited
 * as its overpayment). Unknown: asked again by the reconciliation job.
 */
export async function cancelSupersededAttempt(ctx: Ctx, id: string): Promise<CancelOutcome | null> {
  const charge = await findCharge(ctx.db, ctx.scope, id.startsWith(CANCEL) ? id.slice(CANCEL.length) : id);
  if (!charge || charge.status !== 'superseded' || charge.processor_ref === null || charge.check_after === null) return null;
  const processor = await processorFor(ctx);
  let outcome: CancelOutcome;
  try {
    outcome = await processor.cancelCharge(charge.processor_ref);
  } catch (error) {
    outcome = { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.status === 'canceled') await updateChargeRow(ctx.db, ctx.scope, charge.id, { check_after: null });
  if (outcome.status === 'succeeded') await inTransaction(ctx.db, (trx) => settleAttempt({ ...ctx, db: trx }, charge, outcome));
  return outcome;
}
