import { scopeColumns, type Ctx } from '../../context.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { updateChargeRow, type ChargeRow } from '../payment-intents/repository.ts';
import { CLOSED_STATUSES, toDispute } from './object.ts';
import { findDisputeByProcessorRef, insertDispute, updateDisputeRow, type DisputeRow } from './repository.ts';

export interface DisputeReport {
  /** The processor's id of the dispute: one Bursar dispute per processor dispute. */
  ref: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
}

/**
 * Records what a processor says of a dispute of a charge, with Stripe's events:
 * charge.dispute.created the first time, then charge.dispute.updated when it changes, or
 * charge.dispute.closed when it ends. The same report again changes nothing (null).
 */
export async function recordDispute(ctx: Ctx, charge: ChargeRow, report: DisputeReport): Promise<DisputeRow | null> {
  const found = await findDisputeByProcessorRef(ctx.db, ctx.scope, charge.processor, report.ref);
  const fields = { amount: report.amount, currency: report.currency, reason: report.reason, status: report.status };
  if (!found) {
    const row = await insertDispute(ctx.db, {
      id: newId('dp'), ...scopeColumns(ctx.scope), created: ctx.clock.now(), charge: charge.id, payment_intent: charge.payment_intent,
      processor: charge.processor, processor_ref: report.ref, metadata: '{}', ...fields,
    });
    // The charge shows it is disputed (`disputed`).
    await updateChargeRow(ctx.db, ctx.scope, charge.id, { dispute: JSON.stringify({ reason: report.reason, status: report.status }) });
    await recordEvent(ctx, 'charge.dispute.created', toDispute(ctx, row));
    return row;
  }
  if (Object.entries(fields).every(([key, value]) => found[key as keyof typeof fields] === value)) return null;
  const row = await updateDisputeRow(ctx.db, ctx.scope, found.id, fields);
  await updateChargeRow(ctx.db, ctx.scope, charge.id, { dispute: JSON.stringify({ reason: report.reason, status: report.status }) });
  const closes = CLOSED_STATUSES.includes(row.status) && !CLOSED_STATUSES.includes(found.status);
  await recordEvent(ctx, closes ? 'charge.dispute.closed' : 'charge.dispute.updated', toDispute(ctx, row), toDispute(ctx, found));
  return row;
}
