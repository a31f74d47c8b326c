import type { Ctx } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import type { ChargeOutcome, ProcessorEvent } from '../../processors/processor.ts';
import { findCharge, findChargeByProcessorRef, type ChargeRow } from './repository.ts';
import { settleAttempt, type Settled } from './settle.ts';

export type PaymentEvent = Extract<ProcessorEvent, { type: 'payment.succeeded' | 'payment.failed' | 'payment.requires_action' }>;

/** The attempt an event is about: by the Bursar id it carries, else by the processor's ref; in the caller's project and mode only. */
async function attemptOf(ctx: Ctx, event: PaymentEvent): Promise<ChargeRow | undefined> {
  const id = event.metadata.bursar_charge;
  const byId = id === undefined ? undefined : await findCharge(ctx.db, ctx.scope, id);
  if (byId) return byId;
  const byRef = await findChargeByProcessorRef(ctx.db, event.paymentRef);
  return byRef && byRef.project_id === ctx.scope.projectId && (byRef.livemode === 1) === ctx.scope.livemode ? byRef : undefined;
}

function outcomeOf(event: PaymentEvent): ChargeOutcome {
  switch (event.type) {
    case 'payment.succeeded':
      return { status: 'succeeded', ref: event.paymentRef };
    case 'payment.failed':
      return { status: 'failed', ref: event.paymentRef, code: event.code, declineCode: event.declineCode, message: event.message };
    case 'payment.requires_action':
      return { status: 'requires_action', ref: event.paymentRef, actionUrl: event.actionUrl ?? '' };
  }
}

/**
 * Moves the attempt a processor's payment event is about, its payment intent, its invoice
 * and the subscription that invoice bills, as the event says (settle.ts), with their events.
 * Idempotent: an event applied before, or overtaken by a later one, changes nothing. An
 * event about a payment Bursar did not make is left alone (null).
 */
export async function applyPaymentEvent(ctx: Ctx, event: PaymentEvent): Promise<Settled | null> {
  const run = async (ctx: Ctx) => {
    const charge = await attemptOf(ctx, event);
    return charge ? settleAttempt(ctx, charge, outcomeOf(event)) : null;
  };
  return ctx.db.isTransaction ? run(ctx) : inTransaction(ctx.db, (trx) => run({ ...ctx, db: trx }));
}
