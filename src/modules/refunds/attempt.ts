import { scopeColumns, type Ctx } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { parseJson } from '../../kit/json.ts';
import type { RefundsTable } from '../../db/schema.ts';
import type { Processor, RefundOutcome, RefundReason, RefundRequest } from '../../processors/processor.ts';
import { recordEvent } from '../events/service.ts';
import { findCharge, takeForRefund, type ChargeRow } from '../payment-intents/repository.ts';
import { RECONCILE_AFTER_SECONDS } from '../payment-intents/settle.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { toRefund } from './object.ts';
import { findRefund, insertRefund, type RefundRow } from './repository.ts';
import { settleRefund, type SettledRefund } from './settle.ts';

/**
 * Refunding in two phases, as charging (payment-intents/attempt.ts): a refund is recorded
 * with its own idempotency key before the processor is asked. An inline processor answers in
 * the caller's transaction; a remote one is asked after commit, the refund's id listed in
 * `ctx.remoteCharges` beside the charges, and its answer settled in a transaction of its own.
 */

/** The request a refund sends, rebuilt the same from its rows each time it is asked about. */
export async function refundRequestOf(ctx: Ctx, refund: RefundRow): Promise<RefundRequest> {
  const charge = (await findCharge(ctx.db, ctx.scope, refund.charge))!;
  return {
    idempotencyKey: refund.idempotency_key,
    paymentRef: charge.processor_ref ?? '',
    amount: refund.amount,
    currency: refund.currency,
    reason: refund.reason as RefundReason | null,
    metadata: { bursar_refund: refund.id, bursar_charge: charge.id, ...(refund.customer !== null && { bursar_customer: refund.customer }) },
  };
}

/** Asks the processor, turning a thrown fault into what it is: an unknown outcome. */
async function ask(processor: Processor, req: RefundRequest): Promise<RefundOutcome> {
  try {
    return await processor.refund(req);
  } catch (error) {
    return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Asks the processor about a recorded refund outside any transaction (the first time, or
 * again with the same key when its answer was lost) and settles the answer in a transaction
 * of its own.
 */
export async function callRecordedRefund(ctx: Ctx, id: string): Promise<SettledRefund> {
  const refund = await findRefund(ctx.db, ctx.scope, id);
  if (!refund) throw BursarError.internal(`The refund ${id} is not recorded.`);
  const outcome = await ask(await processorFor(ctx), await refundRequestOf(ctx, refund));
  return inTransaction(ctx.db, (trx) => settleRefund({ ...ctx, db: trx }, refund, outcome, true));
}

/** A refund of `charge` as stored: what is the charge's is copied from it. */
export const insertRefundOf = (ctx: Ctx, charge: ChargeRow, fields: Pick<RefundsTable, 'id' | 'amount' | 'reason' | 'status' | 'idempotency_key' | 'check_after' | 'metadata'> & Partial<Pick<RefundsTable, 'processor_ref'>>) =>
  insertRefund(ctx.db, {
    ...scopeColumns(ctx.scope),
    created: ctx.clock.now(),
    charge: charge.id,
    payment_intent: charge.payment_intent,
    customer: charge.customer,
    currency: charge.currency,
    processor: charge.processor,
    ...fields,
  });

export interface RefundInput {
  /** What is left to refund when unset. */
  amount?: number | undefined;
  reason?: RefundReason | undefined;
  metadata: Record<string, string>;
}

/**
 * Records a refund of a succeeded charge, taking its amount from what is left to refund, and
 * asks the charge's processor for it: at once when inline, after commit when remote.
 */
export async function refundCharge(ctx: Ctx, charge: ChargeRow, input: RefundInput): Promise<RefundRow> {
  if (charge.status !== 'succeeded') throw BursarError.invalid(`Charge ${charge.id} has not succeeded: there is nothing to refund.`, 'charge');
  // A chargeback already took the money back; an inquiry (warning_…) has not.
  const dispute = parseJson<{ status: string } | null>(charge.dispute, null);
  if (dispute && !dispute.status.startsWith('warning_')) throw BursarError.invalid(`Charge ${charge.id} has been charged back; cannot issue a refund.`, 'charge', 'charge_disputed');
  const left = charge.amount - charge.amount_refunded;
  if (left === 0) throw BursarError.invalid(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  const amount = input.amount ?? left;
  const tooMuch = () => BursarError.invalid(`Refund amount (${amount}) is greater than what is left to refund on charge ${charge.id} (${left}).`, 'amount');
  if (amount > left) throw tooMuch();
  const processor = await processorFor(ctx);
  if (processor.kind !== charge.processor) {
    throw BursarError.invalid(`Charge ${charge.id} was made through the ${charge.processor} processor; the project now uses ${processor.kind}. Refund it there.`, 'charge');
  }
  // Another refund may have taken its share meanwhile: the take is what decides.
  if (!(await takeForRefund(ctx.db, ctx.scope, charge.id, amount))) throw tooMuch();
  const id = newId('re');
  const refund = await insertRefundOf(ctx, charge, {
    id,
    amount,
    reason: input.reason ?? null,
    status: 'recorded',
    idempotency_key: `bursar_${id}`,
    // Should the caller never come back with an answer (a crash), the reconciliation job asks.
    check_after: processor.inline ? null : (ctx.wallClock ?? ctx.clock).now() + RECONCILE_AFTER_SECONDS,
    metadata: JSON.stringify(input.metadata),
  });
  if (processor.inline) return (await settleRefund(ctx, refund, await ask(processor, await refundRequestOf(ctx, refund)), false)).refund;
  await recordEvent(ctx, 'refund.created', toRefund(ctx, refund));
  if (!ctx.db.isTransaction) return (await callRecordedRefund(ctx, id)).refund;
  if (!ctx.remoteCharges) throw BursarError.internal('A remote payment processor cannot be called inside this transaction.');
  ctx.remoteCharges.push(id);
  return refund;
}
