import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ChargesTable, PaymentIntentsTable } from '../../db/schema.ts';
import { sql } from 'kysely';
import { paginate } from '../../db/paginate.ts';
import { jsonText, searchPage } from '../../db/search.ts';
import type { SearchRequest } from '../../search/page.ts';
import { claimScoped, findScoped, insertRow, selectScoped, transitionScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type PaymentIntentRow = Row<'payment_intents'>;
export type ChargeRow = Row<'charges'>;

/** Attempts the processor has not answered for certain: the reconciliation job asks about them again. */
export const UNSETTLED = ['pending', 'unknown'] as const;
/** Attempts that may still end either way: a second attempt must not start beside them. */
export const IN_FLIGHT = ['pending', 'unknown', 'processing'] as const;
/** Attempts that never reached the card network: no charge to show. */
export const NOT_CHARGED: readonly string[] = ['requires_action', 'superseded'];
/** An attempt that took the money after another paid its invoice (one replaced, authenticated late): credited to the customer's balance. */
export const OVERPAID = 'overpaid';

export const insertPaymentIntent = (db: Db, row: Insertable<PaymentIntentsTable>) => insertRow(db, 'payment_intents', row);
export const findPaymentIntent = (db: Db, scope: Scope, id: string) => findScoped(db, 'payment_intents', scope, id);
export const updatePaymentIntentRow = (db: Db, scope: Scope, id: string, patch: Updateable<PaymentIntentsTable>) => updateScoped(db, 'payment_intents', scope, id, patch);

export const findIntentOfInvoice = (db: Db, scope: Scope, invoice: string): Promise<PaymentIntentRow | undefined> =>
  selectScoped(db, 'payment_intents', scope).where('invoice', '=', invoice).executeTakeFirst();

export const findIntentByInvoicePayment = (db: Db, scope: Scope, invoicePayment: string): Promise<PaymentIntentRow | undefined> =>
  selectScoped(db, 'payment_intents', scope).where('invoice_payment', '=', invoicePayment).executeTakeFirst();

export function listPaymentIntentRows(db: Db, scope: Scope, page: Page, filter: { customer?: string | undefined }) {
  return paginate(db, 'payment_intents', scope, page, 'payment intent', (qb) => (filter.customer === undefined ? qb : qb.where('customer', '=', filter.customer)));
}

/** Invoice payments are the intents that pay an invoice. */
export function listInvoicePaymentRows(db: Db, scope: Scope, page: Page, filter: { invoice?: string | undefined }) {
  return paginate(db, 'payment_intents', scope, page, 'invoice payment', (qb) =>
    filter.invoice === undefined ? qb.where('invoice', 'is not', null) : qb.where('invoice', '=', filter.invoice),
  );
}

export const insertCharge = (db: Db, row: Insertable<ChargesTable>) => insertRow(db, 'charges', row);
export const findCharge = (db: Db, scope: Scope, id: string) => findScoped(db, 'charges', scope, id);
export const updateChargeRow = (db: Db, scope: Scope, id: string, patch: Updateable<ChargesTable>) => updateScoped(db, 'charges', scope, id, patch);

/** The attempts of one intent, oldest first. */
export const chargesOfIntent = (db: Db, scope: Scope, paymentIntent: string): Promise<ChargeRow[]> =>
  selectScoped(db, 'charges', scope).where('payment_intent', '=', paymentIntent).orderBy('seq', 'asc').execute();

export const chargesOfInvoice = (db: Db, scope: Scope, invoice: string): Promise<ChargeRow[]> =>
  selectScoped(db, 'charges', scope).where('invoice', '=', invoice).orderBy('seq', 'asc').execute();

/** The attempt a processor's ref names, in whichever project and mode it is. */
export const findChargeByProcessorRef = (db: Db, ref: string): Promise<ChargeRow | undefined> =>
  db.selectFrom('charges').selectAll().where('processor_ref', '=', ref).executeTakeFirst();

/** The charge a processor's ref names in this project and mode: a processor's report about a payment. */
export const findChargeOfProcessor = (db: Db, scope: Scope, processor: string, ref: string): Promise<ChargeRow | undefined> =>
  selectScoped(db, 'charges', scope).where('processor_ref', '=', ref).where('processor', '=', processor).where('status', '=', 'succeeded').executeTakeFirst();

/** Moves an attempt from one of `from` to `patch`; undefined when it had moved on (applied once). */
export const transitionCharge = (db: Db, scope: Scope, id: string, from: readonly string[], patch: Updateable<ChargesTable>) => transitionScoped(db, 'charges', scope, id, from, patch);

/** Unsettled attempts whose time to be asked about again has come, any project, oldest first. */
export const unsettledDue = (db: Db, now: number, limit: number): Promise<ChargeRow[]> =>
  db.selectFrom('charges').selectAll().where('check_after', '<=', now).where('status', 'in', UNSETTLED).orderBy('check_after').limit(limit).execute();

/** Whether an attempt on the invoice may still end either way (a remote charge not yet answered). */
export async function paymentInFlight(db: Db, scope: Scope, invoice: string): Promise<boolean> {
  return (await selectScoped(db, 'charges', scope).where('invoice', '=', invoice).where('status', 'in', IN_FLIGHT).executeTakeFirst()) !== undefined;
}

/** The invoice's attempt waiting for the customer to authenticate a payment with `method`, if any. */
export const findAwaitingAction = (db: Db, scope: Scope, invoice: string, method: string): Promise<ChargeRow | undefined> =>
  selectScoped(db, 'charges', scope).where('invoice', '=', invoice).where('status', '=', 'requires_action').where('payment_method', '=', method).executeTakeFirst();

/**
 * A new attempt replaces those still waiting for the customer to authenticate: their
 * challenge, completed late, no longer charges. `cancelAfter` (a remote processor, which keeps
 * them open) is when the reconciliation job cancels them at the processor should the cancel
 * made after commit not happen; null for an inline one. Answers the attempts replaced.
 */
export const supersedeAwaitingAction = (db: Db, scope: Scope, invoice: string, cancelAfter: number | null): Promise<ChargeRow[]> =>
  db
    .updateTable('charges')
    .set({ status: 'superseded', check_after: cancelAfter })
    .where('project_id', '=', scope.projectId)
    .where('livemode', '=', scope.livemode ? 1 : 0)
    .where('invoice', '=', invoice)
    .where('status', '=', 'requires_action')
    .returningAll()
    .execute();

/** Superseded attempts still open at their processor whose time to be canceled has come, any project, oldest first. */
export const supersededDue = (db: Db, now: number, limit: number): Promise<ChargeRow[]> =>
  db.selectFrom('charges').selectAll().where('check_after', '<=', now).where('status', '=', 'superseded').orderBy('check_after').limit(limit).execute();

/** Claims a superseded attempt for canceling it: moves its next try on, if no one else did. */
export const claimSuperseded = (db: Db, charge: ChargeRow, nextTry: number): Promise<boolean> => claimScoped(db, 'charges', charge, ['superseded'], nextTry);

/** Claims an unsettled attempt for asking about it: moves its next check on, if no one else did. */
export const claimUnsettled = (db: Db, charge: ChargeRow, nextCheck: number): Promise<boolean> => claimScoped(db, 'charges', charge, UNSETTLED, nextCheck);

/** Adds `delta` to what a charge's refunds took; `take` only from a succeeded charge with that much left. */
function changeRefunded(db: Db, scope: Scope, id: string, delta: number, take: boolean) {
  let q = db
    .updateTable('charges')
    .set((eb) => ({ amount_refunded: eb('amount_refunded', '+', delta) }))
    .where('project_id', '=', scope.projectId)
    .where('livemode', '=', scope.livemode ? 1 : 0)
    .where('id', '=', id);
  if (take) q = q.where('status', '=', 'succeeded').where((eb) => eb(eb('amount_refunded', '+', delta), '<=', eb.ref('amount')));
  return q.returningAll().executeTakeFirst();
}

/**
 * Takes `amount` of a succeeded charge for a refund, if that much is left to refund: one
 * conditional update, so refunds made at once never give back more than the charge took.
 * Undefined when it is not succeeded or too little is left.
 */
export const takeForRefund = (db: Db, scope: Scope, id: string, amount: number): Promise<ChargeRow | undefined> => changeRefunded(db, scope, id, amount, true);

/** Gives back to a charge what a refund that failed or was canceled had taken. */
export const releaseFromRefund = async (db: Db, scope: Scope, id: string, amount: number): Promise<ChargeRow> => (await changeRefunded(db, scope, id, -amount, false))!;

/** A page of the payment intents a search matches, newest first. */
export async function searchPaymentIntentRows(db: Db, scope: Scope, request: SearchRequest) {
  const columns = { amount: 'amount', created: 'created', currency: 'currency', customer: 'customer', metadata: 'metadata', status: 'status' };
  return searchPage(db, 'payment_intents', scope, request.query, columns, request);
}

/**
 * A page of the charges a search matches, newest first. Status, refunded and disputed are
 * matched as the charge shows them (chargeStatus); card fields are its payment method's.
 */
export async function searchChargeRows(db: Db, scope: Scope, request: SearchRequest) {
  const method = (column: string) => sql`(select ${sql.ref(`pm.${column}`)} from payment_methods pm where pm.project_id = charges.project_id and pm.livemode = charges.livemode and pm.id = charges.payment_method)`;
  const succeeded = sql`charges.status in ('succeeded', ${OVERPAID})`;
  const columns = {
    amount: 'amount',
    'billing_details.address.postal_code': sql`(select ${jsonText(db, 'pm.billing_details', ['address', 'postal_code'])} from payment_methods pm where pm.project_id = charges.project_id and pm.livemode = charges.livemode and pm.id = charges.payment_method)`,
    created: 'created',
    currency: 'currency',
    customer: 'customer',
    disputed: sql`(case when charges.dispute is null then 0 else 1 end)`,
    metadata: 'metadata',
    'payment_method_details.card.brand': method('card_brand'),
    'payment_method_details.card.exp_month': method('card_exp_month'),
    'payment_method_details.card.exp_year': method('card_exp_year'),
    'payment_method_details.card.fingerprint': method('card_fingerprint'),
    'payment_method_details.card.last4': method('card_last4'),
    refunded: sql`(case when ${succeeded} and charges.amount_refunded = charges.amount then 1 else 0 end)`,
    status: sql`(case when ${succeeded} then 'succeeded' when charges.status = 'failed' then 'failed' else 'pending' end)`,
  };
  return searchPage(db, 'charges', scope, request.query, columns, { ...request, filter: (qb) => qb.where('status', 'not in', NOT_CHARGED) });
}
