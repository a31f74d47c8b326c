import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata, type MetadataParam } from '../../api/params.ts';
import { MAX_AMOUNT } from '../../billing/amount-limit.ts';
import { formatMoney } from '../../kit/format-money.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { addToCustomerBalance, findCustomer, type CustomerRow } from '../customers/repository.ts';
import { toCustomerObject } from '../customers/object.ts';
import { recordEvent } from '../events/service.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import { toBalanceTransactionObject, type BalanceTransactionObject } from './object.ts';
import { findBalanceTransaction, insertBalanceTransaction, listBalanceTransactionRows, updateBalanceTransactionRow, type BalanceTransactionFilter, type BalanceTransactionRow } from './repository.ts';
import type { CreateBalanceTransactionParams, UpdateBalanceTransactionParams } from './schemas.ts';

/** Stripe's transaction types that Bursar writes. */
export type BalanceTransactionType = 'adjustment' | 'applied_to_invoice' | 'credit_note' | 'initial' | 'invoice_overpaid' | 'unapplied_from_invoice';

/** The currency of a balance when the customer has none yet and the change names none: the invoices' default. */
export const DEFAULT_BALANCE_CURRENCY = 'usd';

export interface BalanceChange {
  type: BalanceTransactionType;
  /** Stripe's sign: negative credits the customer, positive is owed. */
  amount: number;
  currency: string;
  invoice?: string | null;
  credit_note?: string | null;
  description?: string | null;
  metadata?: MetadataParam;
  /** The parameter a refusal names. */
  param?: string;
}

/**
 * Changes a customer's balance and writes the change as one balance transaction, so the
 * balance is always the sum of the customer's transactions. The first change gives the
 * customer its currency; a change in another currency is refused, as is a balance past
 * MAX_AMOUNT either way. Records customer.updated unless `recordUpdate` is false (the
 * caller records its own, with the other changes it makes).
 */
export async function changeBalance(ctx: Ctx, customer: CustomerRow, change: BalanceChange, recordUpdate = true): Promise<{ transaction: BalanceTransactionObject; customer: CustomerRow }> {
  const param = change.param ?? 'amount';
  if (customer.currency !== null && customer.currency !== change.currency) {
    throw BursarError.invalid(
      `The customer's balance is in ${customer.currency}: a balance transaction in ${change.currency} cannot be applied to it.`,
      change.param === undefined ? 'currency' : param,
    );
  }
  const updated = await addToCustomerBalance(ctx.db, ctx.scope, customer.id, change.amount, change.currency);
  if (Math.abs(updated.balance) > MAX_AMOUNT) {
    // Thrown inside the request's transaction: the balance change rolls back with it.
    throw BursarError.invalid(
      `This would make the customer's balance ${formatMoney(updated.balance, change.currency)}; a balance can be at most ${formatMoney(MAX_AMOUNT, change.currency)} either way.`,
      param,
    );
  }
  const row = await insertBalanceTransaction(ctx.db, {
    id: newId('cbtxn'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    // A customer on a test clock gets its transactions at the clock's time, like its other objects.
    created: await clockTime(ctx, customer.test_clock),
    customer: customer.id,
    type: change.type,
    amount: change.amount,
    currency: change.currency,
    ending_balance: updated.balance,
    description: change.description ?? null,
    invoice: change.invoice ?? null,
    credit_note: change.credit_note ?? null,
    metadata: JSON.stringify(mergeMetadata({}, change.metadata)),
  });
  if (recordUpdate) await recordEvent(ctx, 'customer.updated', toCustomerObject(updated), toCustomerObject(customer));
  return { transaction: toBalanceTransactionObject(row), customer: updated };
}

/** A live customer for the balance endpoints: its id is the path's. */
async function requireBalanceCustomer(ctx: Ctx, id: string): Promise<CustomerRow> {
  const row = await findCustomer(ctx.db, ctx.scope, id);
  if (!row || row.deleted_at !== null) throw BursarError.notFound('customer', id, 'id');
  return row;
}

/** A transaction of this customer, or Stripe's 404 (another customer's looks like a missing one). */
async function requireTransaction(ctx: Ctx, customer: string, id: string): Promise<BalanceTransactionRow> {
  const row = await findBalanceTransaction(ctx.db, ctx.scope, id);
  if (!row || row.customer !== customer) throw BursarError.notFound('customer balance transaction', id, 'transaction');
  return row;
}

/** POST /v1/customers/:id/balance_transactions: an `adjustment` of the balance. */
export async function createBalanceTransaction(ctx: Ctx, customerId: string, p: CreateBalanceTransactionParams): Promise<BalanceTransactionObject> {
  const customer = await requireBalanceCustomer(ctx, customerId);
  if (p.amount === 0) throw BursarError.invalid('Invalid amount: a balance transaction must change the balance (use a non-zero amount).', 'amount');
  const { transaction } = await changeBalance(ctx, customer, { type: 'adjustment', amount: p.amount, currency: p.currency, description: p.description, metadata: p.metadata });
  return transaction;
}

export async function retrieveBalanceTransaction(ctx: Ctx, customerId: string, id: string): Promise<BalanceTransactionObject> {
  await requireBalanceCustomer(ctx, customerId);
  return toBalanceTransactionObject(await requireTransaction(ctx, customerId, id));
}

/** Only what describes a transaction changes (description, metadata); its amount never does. */
export async function updateBalanceTransaction(ctx: Ctx, customerId: string, id: string, p: UpdateBalanceTransactionParams): Promise<BalanceTransactionObject> {
  await requireBalanceCustomer(ctx, customerId);
  const row = await requireTransaction(ctx, customerId, id);
  const updated = await updateBalanceTransactionRow(ctx.db, ctx.scope, id, {
    ...(p.description !== undefined && { description: p.description }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(toBalanceTransactionObject(row).metadata, p.metadata)) }),
  });
  return toBalanceTransactionObject(updated);
}

export async function listBalanceTransactions(ctx: Ctx, customerId: string, page: Page, filter: BalanceTransactionFilter) {
  await requireBalanceCustomer(ctx, customerId);
  const { rows, hasMore } = await listBalanceTransactionRows(ctx.db, ctx.scope, customerId, page, filter);
  return listObject(`/v1/customers/${customerId}/balance_transactions`, rows.map(toBalanceTransactionObject), hasMore);
}

/** A transaction by its id alone, for `expand[]` (a credit note's customer_balance_transaction). */
export async function retrieveBalanceTransactionById(ctx: Ctx, id: string): Promise<BalanceTransactionObject> {
  const row = await findBalanceTransaction(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('customer balance transaction', id, 'transaction');
  return toBalanceTransactionObject(row);
}
