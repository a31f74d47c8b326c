import type { Ctx } from '../../context.ts';
import { parseJson } from '../../kit/json.ts';
import type { DisputeRow } from './repository.ts';

/** Stripe's evidence fields: Bursar keeps no evidence (it is submitted at the processor), so all are empty. */
const EVIDENCE_FIELDS = [
  'access_activity_log', 'billing_address', 'cancellation_policy', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'customer_communication',
  'customer_email_address', 'customer_name', 'customer_purchase_ip', 'customer_signature', 'duplicate_charge_documentation', 'duplicate_charge_explanation',
  'duplicate_charge_id', 'product_description', 'receipt', 'refund_policy', 'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date',
  'service_documentation', 'shipping_address', 'shipping_carrier', 'shipping_date', 'shipping_documentation', 'shipping_tracking_number',
  'uncategorized_file', 'uncategorized_text',
] as const;

/** Statuses of a dispute that is over. */
export const CLOSED_STATUSES: readonly string[] = ['won', 'lost', 'warning_closed', 'prevented'];

/** The dispute as Stripe shows it. */
export function toDispute(_ctx: Ctx, row: DisputeRow) {
  const inquiry = row.status.startsWith('warning_');
  return {
    id: row.id,
    object: 'dispute' as const,
    amount: row.amount,
    balance_transactions: [],
    charge: row.charge,
    created: row.created,
    currency: row.currency,
    enhanced_eligibility_types: [],
    evidence: { ...Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])), enhanced_evidence: {} },
    evidence_details: { due_by: null, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0, submission_method: null },
    intended_submission_method: null,
    // An inquiry is no chargeback yet: the charge can still be refunded, as Stripe says.
    is_charge_refundable: inquiry,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    payment_intent: row.payment_intent,
    payment_method_details: { type: 'card', card: { case_type: inquiry ? 'inquiry' : 'chargeback', network_reason_code: null } },
    reason: row.reason,
    status: row.status,
  };
}

export type DisputeObject = ReturnType<typeof toDispute>;
