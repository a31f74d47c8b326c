import type { Ctx } from '../../context.ts';
import { parseJson } from '../../kit/json.ts';
import type { RefundRow } from './repository.ts';

/** A refund's status as Stripe shows it: one not yet answered for certain is pending. */
export const shownStatus = (status: string): string => (status === 'recorded' || status === 'unknown' ? 'pending' : status);

/** The refund as Stripe shows it. */
export function toRefund(_ctx: Ctx, row: RefundRow) {
  const status = shownStatus(row.status);
  return {
    id: row.id,
    object: 'refund' as const,
    amount: row.amount,
    balance_transaction: null,
    charge: row.charge,
    created: row.created,
    currency: row.currency,
    customer: row.customer,
    customer_account: null,
    destination_details: { type: 'card', card: { type: 'refund' } },
    ...(status === 'failed' && { failure_reason: row.failure_reason ?? 'unknown' }),
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    payment_intent: row.payment_intent,
    payment_method: null,
    ...(status === 'pending' && { pending_reason: 'processing' }),
    reason: row.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status,
    transfer_reversal: null,
  };
}

export type RefundObject = ReturnType<typeof toRefund>;
