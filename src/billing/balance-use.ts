// How an invoice meets its customer's balance, in the rows a reader adds up:
// total + applied + credited = amount due (before any pre-payment credit note). `applied` is the balance the invoice uses
// (negative: credit taken off; positive: a debt billed), `credited` what a negative total
// adds to the balance as credit, shown as a positive amount. Neither ever makes the
// amount due negative: what is not due stays on the balance (totals.ts).

export interface BalanceUse {
  applied: number;
  credited: number;
}

export function balanceUse(invoice: { total: number; starting_balance: number; amount_due: number; pre_payment_credit_notes_amount?: number }): BalanceUse {
  const ending = Math.min(0, invoice.total + invoice.starting_balance);
  const credited = Math.max(0, Math.min(invoice.starting_balance, 0) - ending);
  const due = invoice.amount_due + (invoice.pre_payment_credit_notes_amount ?? 0);
  return { applied: due - invoice.total - credited, credited };
}
