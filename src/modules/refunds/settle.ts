import type { Ctx } from '../../context.ts';
import type { RefundOutcome } from '../../processors/processor.ts';
import { recordEvent } from '../events/service.ts';
import { toCharge } from '../payment-intents/object.ts';
import { findCharge, releaseFromRefund } from '../payment-intents/repository.ts';
import { RECONCILE_AFTER_SECONDS } from '../payment-intents/settle.ts';
import { shownStatus, toRefund } from './object.ts';
import { transitionRefund, UNSETTLED, type RefundRow } from './repository.ts';

const ANSWERED = ['pending', 'requires_action'];

/** What a refund was before each answer may apply: a refund moves forward only, so an answer applies once. */
const FROM: Record<RefundOutcome['status'], readonly string[]> = {
  unknown: ['recorded'],
  pending: UNSETTLED,
  succeeded: [...UNSETTLED, ...ANSWERED],
  failed: [...UNSETTLED, ...ANSWERED],
};

export interface SettledRefund {
  refund: RefundRow;
  /** False when the refund had moved past this answer already (applied before): nothing changed. */
  applied: boolean;
}

/**
 * Applies a processor's answer about a refund, with Stripe's events, in the caller's
 * transaction. `announced`: refund.created was recorded when the refund was (a remote
 * processor's, answered later); otherwise it is recorded now, with the answer in it. A failed
 * refund gives back to its charge what it took. charge.refunded is recorded once, when the
 * processor takes the refund.
 */
export async function settleRefund(ctx: Ctx, refund: RefundRow, outcome: RefundOutcome, announced: boolean): Promise<SettledRefund> {
  const wallNow = (ctx.wallClock ?? ctx.clock).now();
  const ref = 'ref' in outcome ? outcome.ref : null;
  const patch = {
    status: outcome.status,
    ...(ref !== null && { processor_ref: ref }),
    ...(outcome.status === 'failed' && { failure_reason: outcome.code }),
    // Only a refund without a sure answer is asked about again.
    check_after: outcome.status === 'unknown' ? wallNow + RECONCILE_AFTER_SECONDS : null,
  };
  // First as the processor's first answer, else as a later one: whether it took the refund now is known for sure.
  let moved = await transitionRefund(ctx.db, ctx.scope, refund.id, FROM[outcome.status].filter((s) => (UNSETTLED as readonly string[]).includes(s)), patch);
  const taken = moved !== undefined && (outcome.status === 'succeeded' || outcome.status === 'pending');
  moved ??= await transitionRefund(ctx.db, ctx.scope, refund.id, FROM[outcome.status].filter((s) => ANSWERED.includes(s)), patch);
  if (!moved) return { refund, applied: false };
  const object = toRefund(ctx, moved);
  if (!announced) await recordEvent(ctx, 'refund.created', object);
  else if (shownStatus(refund.status) !== object.status) {
    const before = toRefund(ctx, refund);
    await recordEvent(ctx, 'refund.updated', object, before);
    await recordEvent(ctx, 'charge.refund.updated', object, before);
  }
  if (outcome.status === 'failed') {
    await releaseFromRefund(ctx.db, ctx.scope, moved.charge, moved.amount);
    await recordEvent(ctx, 'refund.failed', object);
  }
  if (taken) await recordEvent(ctx, 'charge.refunded', await toCharge(ctx, (await findCharge(ctx.db, ctx.scope, moved.charge))!));
  return { refund: moved, applied: true };
}
