import type { Ctx } from '../../context.ts';
import { newId } from '../../kit/ids.ts';
import type { ProcessorEvent, RefundOutcome } from '../../processors/processor.ts';
import { recordEvent } from '../events/service.ts';
import { toCharge } from '../payment-intents/object.ts';
import { findCharge, takeForRefund, type ChargeRow } from '../payment-intents/repository.ts';
import { insertRefundOf } from './attempt.ts';
import { toRefund } from './object.ts';
import { findRefundByProcessorRef, refundWithoutRefOf, updateRefundRow } from './repository.ts';
import { settleRefund } from './settle.ts';

type RefundedEvent = Extract<ProcessorEvent, { type: 'payment.refunded' }>;

/** A processor's refund status as the answer Bursar applies. */
function outcomeOf(ref: string, status: string): RefundOutcome {
  if (status === 'succeeded') return { status: 'succeeded', ref };
  if (status === 'failed' || status === 'canceled') return { status: 'failed', ref, code: status, message: `The processor's refund ${status}.` };
  return { status: 'pending', ref };
}

/**
 * A refund made at the processor (its dashboard), unknown to Bursar: recorded as the
 * processor reports it, with refund.created and charge.refunded. `ref` null: the processor
 * reported only how much its refunds came to, and this is what Bursar had not counted.
 */
async function refundMadeAtProcessor(ctx: Ctx, charge: ChargeRow, amount: number, ref: string | null, status: string, eventId: string): Promise<string> {
  // More than the charge has left would be a report Bursar cannot square with its own refunds.
  if (!(await takeForRefund(ctx.db, ctx.scope, charge.id, amount))) return `Charge ${charge.id} has less than ${amount} left to refund: the processor's refund ${ref ?? ''} is not recorded.`;
  const id = newId('re');
  const row = await insertRefundOf(ctx, charge, {
    id, amount, reason: null, status, idempotency_key: `processor_${ref ?? eventId}`, processor_ref: ref, check_after: null, metadata: '{}',
  });
  await recordEvent(ctx, 'refund.created', toRefund(ctx, row));
  await recordEvent(ctx, 'charge.refunded', await toCharge(ctx, (await findCharge(ctx.db, ctx.scope, charge.id))!));
  return `Recorded ${id}.`;
}

/**
 * Applies a processor's report of a charge's refunds, idempotent by each refund's ref: a
 * refund Bursar knows moves as reported (found by its ref, or as the refund of that amount
 * whose ref it does not know yet); one made at the processor is recorded; and what the
 * refunds come to beyond what Bursar counts (a report that lists none) is recorded as one.
 * Answers what became of each.
 */
export async function applyRefundEvent(ctx: Ctx, charge: ChargeRow, event: RefundedEvent): Promise<string[]> {
  const done: string[] = [];
  for (const reported of event.refunds) {
    let ours = await findRefundByProcessorRef(ctx.db, ctx.scope, charge.processor, reported.ref);
    if (!ours) {
      const unnamed = await refundWithoutRefOf(ctx.db, ctx.scope, charge.id, reported.amount);
      ours = unnamed && (await updateRefundRow(ctx.db, ctx.scope, unnamed.id, { processor_ref: reported.ref }));
    }
    if (ours) {
      const { applied } = await settleRefund(ctx, ours, outcomeOf(reported.ref, reported.status), true);
      done.push(applied ? `Moved ${ours.id} to ${reported.status}.` : `${ours.id} was applied before.`);
    } else if (reported.status === 'failed' || reported.status === 'canceled') {
      done.push(`The processor's refund ${reported.ref} gave nothing back.`);
    } else {
      done.push(await refundMadeAtProcessor(ctx, charge, reported.amount, reported.ref, outcomeOf(reported.ref, reported.status).status, event.eventId));
    }
  }
  const counted = (await findCharge(ctx.db, ctx.scope, charge.id))!.amount_refunded;
  if (event.amountRefunded > counted) done.push(await refundMadeAtProcessor(ctx, charge, event.amountRefunded - counted, null, 'succeeded', event.eventId));
  return done;
}
