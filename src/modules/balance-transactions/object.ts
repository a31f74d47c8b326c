import { parseJson } from '../../kit/json.ts';
import type { BalanceTransactionRow } from './repository.ts';

/** Stripe's customer_balance_transaction: one change of a customer's balance, negative is credit. */
export function toBalanceTransactionObject(row: BalanceTransactionRow) {
  return {
    id: row.id,
    object: 'customer_balance_transaction' as const,
    amount: row.amount,
    checkout_session: null,
    created: row.created,
    credit_note: row.credit_note,
    currency: row.currency,
    customer: row.customer,
    customer_account: null,
    description: row.description,
    ending_balance: row.ending_balance,
    invoice: row.invoice,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    type: row.type,
  };
}

export type BalanceTransactionObject = ReturnType<typeof toBalanceTransactionObject>;
