import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import type { ApiObject } from '../../api/expand.ts';
import { BursarError } from '../../kit/errors.ts';
import { requireCustomer } from '../customers/service.ts';
import { payInvoice } from '../invoices/pay.ts';
import { requireInvoice } from '../invoices/service.ts';
import { toCharge, toInvoicePayment, toPaymentIntent, type ChargeObject, type InvoicePaymentObject, type PaymentIntentObject } from './object.ts';
import { NOT_CHARGED, findCharge, findIntentByInvoicePayment, findPaymentIntent, listInvoicePaymentRows, listPaymentIntentRows, searchChargeRows, searchPaymentIntentRows, type ChargeRow, type PaymentIntentRow } from './repository.ts';
import type { ConfirmPaymentIntentParams } from './schemas.ts';
import { cancelIntent } from './cancel.ts';
import { foundOf, type SearchRequest } from '../../search/page.ts';

export async function requirePaymentIntent(ctx: Ctx, id: string, param = 'id'): Promise<PaymentIntentRow> {
  const row = await findPaymentIntent(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('payment_intent', id, param);
  return row;
}

export const retrievePaymentIntent = async (ctx: Ctx, id: string): Promise<PaymentIntentObject> => toPaymentIntent(ctx, await requirePaymentIntent(ctx, id));

export async function listPaymentIntents(ctx: Ctx, page: Page, filter: { customer?: string | undefined }) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer, 'customer');
  const { rows, hasMore } = await listPaymentIntentRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/payment_intents', await Promise.all(rows.map((r) => toPaymentIntent(ctx, r))), hasMore);
}

export async function requireCharge(ctx: Ctx, id: string, param = 'id'): Promise<ChargeRow> {
  const row = await findCharge(ctx.db, ctx.scope, id);
  // An attempt the processor has not answered yet is no charge yet.
  if (!row || NOT_CHARGED.includes(row.status)) throw BursarError.notFound('charge', id, param);
  return row;
}

export const retrieveCharge = async (ctx: Ctx, id: string): Promise<ChargeObject> => toCharge(ctx, await requireCharge(ctx, id));

export async function retrieveInvoicePayment(ctx: Ctx, id: string): Promise<InvoicePaymentObject> {
  const row = await findIntentByInvoicePayment(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('invoice_payment', id);
  return toInvoicePayment(row);
}

export async function listInvoicePayments(ctx: Ctx, page: Page, filter: { invoice?: string | undefined }) {
  if (filter.invoice !== undefined) await requireInvoice(ctx, filter.invoice, 'invoice');
  // Invoice payments are rows of payment_intents: a cursor names its intent's row by its inpay_ id.
  const rowOf = async (id: string | undefined) => (id === undefined ? undefined : ((await findIntentByInvoicePayment(ctx.db, ctx.scope, id))?.id ?? id));
  const cursors = { ...page, starting_after: await rowOf(page.starting_after), ending_before: await rowOf(page.ending_before) };
  const { rows, hasMore } = await listInvoicePaymentRows(ctx.db, ctx.scope, cursors, filter);
  const url = filter.invoice === undefined ? '/v1/invoice_payments' : `/v1/invoice_payments?invoice=${filter.invoice}`;
  return listObject(url, rows.map(toInvoicePayment), hasMore);
}

/** `invoice.payments` (shown when expanded): the invoice's payments, newest first. */
export const invoicePaymentsOf = (ctx: Ctx, invoice: string): Promise<ApiObject> => listInvoicePayments(ctx, { limit: 100 }, { invoice });

/** `invoice.confirmation_secret` (shown when expanded): what a front end confirms the invoice's payment with. */
export async function confirmationSecretOf(ctx: Ctx, invoice: string): Promise<{ client_secret: string; type: 'payment_intent' } | null> {
  const row = await listInvoicePaymentRows(ctx.db, ctx.scope, { limit: 1 }, { invoice });
  const intent = row.rows[0];
  return intent ? { client_secret: (await toPaymentIntent(ctx, intent)).client_secret, type: 'payment_intent' } : null;
}

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** The intent after a confirmation, or the card error of a declined one, carrying the intent as Stripe's does. */
export async function intentAfterConfirmation(ctx: Ctx, id: string): Promise<PaymentIntentObject> {
  const intent = await retrievePaymentIntent(ctx, id);
  const error = intent.status === 'requires_payment_method' ? intent.last_payment_error : null;
  if (error) throw BursarError.card(error.message, error.code, error.decline_code, { payment_intent: intent, payment_method: error.payment_method });
  return intent;
}

/**
 * Confirms an invoice's payment intent with the customer present: a new attempt on its
 * invoice, with the card given or the one it has. One that needs authentication answers
 * requires_action with its next_action; a decline answers Stripe's card error.
 */
export async function confirmPaymentIntent(ctx: Ctx, id: string, p: ConfirmPaymentIntentParams): Promise<PaymentIntentObject> {
  const intent = await requirePaymentIntent(ctx, id);
  if (!CONFIRMABLE.includes(intent.status)) {
    throw BursarError.invalid(`You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`, undefined, 'payment_intent_unexpected_state');
  }
  const method = p.payment_method ?? intent.payment_method;
  if (method === null) {
    throw BursarError.invalid("You cannot confirm this PaymentIntent because it's missing a payment method. Update it with a payment_method, or confirm it again passing one.", 'payment_method', 'payment_intent_unexpected_state');
  }
  if (intent.invoice === null) throw BursarError.invalid(`PaymentIntent ${id} pays no invoice.`);
  try {
    await payInvoice(ctx, intent.invoice, { payment_method: method, off_session: p.off_session ?? false, return_url: p.return_url });
  } catch (error) {
    if (!(error instanceof BursarError && error.keepChanges)) throw error;
    // The attempt is kept; what it left on the intent is the answer.
    try {
      return await intentAfterConfirmation(ctx, id);
    } catch (declined) {
      throw declined instanceof BursarError ? declined.keepingChanges() : declined;
    }
  }
  return retrievePaymentIntent(ctx, id);
}

/** An invoice's intent is canceled by voiding the invoice, as in Stripe. */
export async function cancelPaymentIntent(ctx: Ctx, id: string, reason: string | undefined): Promise<PaymentIntentObject> {
  const intent = await requirePaymentIntent(ctx, id);
  if (intent.invoice !== null) {
    throw BursarError.invalid(`You cannot cancel this PaymentIntent because it was created by an invoice (${intent.invoice}). Void the invoice instead.`, undefined, 'payment_intent_unexpected_state');
  }
  return toPaymentIntent(ctx, await cancelIntent(ctx, intent, reason ?? null));
}

export async function searchPaymentIntents(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchPaymentIntentRows(ctx.db, ctx.scope, request), (row) => toPaymentIntent(ctx, row));
}

export async function searchCharges(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchChargeRows(ctx.db, ctx.scope, request), (row) => toCharge(ctx, row));
}
