import type { Ctx } from '../../context.ts';
import { listObject, pageInMemory, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { changeBalance } from '../balance-transactions/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { addCreditNoteAmounts } from '../invoices/repository.ts';
import { requireInvoice, retrieveInvoice } from '../invoices/service.ts';
import { moveInvoice } from '../invoices/transitions.ts';
import { recordInvoicePaid } from '../invoices/paid.ts';
import { toInvoice } from '../invoices/view.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import type { InvoiceObject } from '../invoices/object.ts';
import { creditNoteLinkHash, creditNotePdfUrl } from './links.ts';
import { toCreditNoteLineObject, toCreditNoteObject, type CreditNoteObject } from './object.ts';
import { planCreditNote, type CreditNotePlan } from './plan.ts';
import type { LinkedRefund } from './refunds.ts';
import { refundCharge } from '../refunds/attempt.ts';
import { formatMoney } from '../../kit/format-money.ts';
import {
  countCreditNotesOf, creditNoteLinesOf, findCreditNote, insertCreditNote, insertCreditNoteLines, listCreditNoteRows, updateCreditNoteRow,
  type CreditNoteFilter, type CreditNoteLineRow, type CreditNoteRow,
} from './repository.ts';
import type { CreditNoteParams, UpdateCreditNoteParams } from './schemas.ts';

/** Stripe's numbering: the invoice's number, then -CN-01, -CN-02 … */
const numberOf = (invoice: InvoiceObject, sequence: number) => `${invoice.number ?? invoice.id}-CN-${String(sequence).padStart(2, '0')}`;

/** The rows a plan becomes (stored by create, only shown by preview). */
async function rowsOf(ctx: Ctx, plan: CreditNotePlan, p: CreditNoteParams, { refunds, ...fields }: { id: string; number: string; link_hash: string; customer_balance_transaction: string | null; refunds: LinkedRefund[] }) {
  const scope = { project_id: ctx.scope.projectId, livemode: ctx.scope.livemode ? 1 : 0 };
  // A customer on a test clock gets its credit notes at the clock's time, like its other objects.
  const now = await clockTime(ctx, plan.invoice.test_clock);
  const note: CreditNoteRow = {
    seq: 0, ...scope, ...fields, created: now,
    invoice: plan.invoice.id, customer: plan.invoice.customer, currency: plan.invoice.currency, status: 'issued', type: plan.type,
    subtotal: plan.subtotal, discount_amount: plan.discount_amount, total: plan.total, taxes: JSON.stringify(plan.taxes),
    pre_payment_amount: plan.pre_payment_amount, post_payment_amount: plan.post_payment_amount,
    credit_amount: plan.credit_amount, out_of_band_amount: plan.out_of_band_amount, refund_amount: plan.refund_amount,
    reason: p.reason ?? null, memo: p.memo ?? null, effective_at: p.effective_at ?? now, voided_at: null, refunds: JSON.stringify(refunds),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  };
  const lines: CreditNoteLineRow[] = plan.lines.map((l, i) => ({
    seq: i, ...scope, id: newId('cnli'), credit_note: fields.id, type: l.type, invoice_line_item: l.invoice_line_item, description: l.description,
    quantity: l.quantity, unit_amount: l.unit_amount, amount: l.amount, discount_amount: l.discount_amount,
    taxes: JSON.stringify(l.taxes), metadata: JSON.stringify(l.metadata),
  }));
  return { note, lines };
}

export async function requireCreditNote(ctx: Ctx, id: string, param = 'id'): Promise<CreditNoteRow> {
  const row = await findCreditNote(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('credit note', id, param);
  return row;
}

async function toObject(ctx: Ctx, row: CreditNoteRow): Promise<CreditNoteObject> {
  return toCreditNoteObject(row, await creditNoteLinesOf(ctx.db, ctx.scope, row.id), await creditNotePdfUrl(ctx, row.id));
}

/** The rows these parameters would issue; nothing is written. */
async function previewRows(ctx: Ctx, p: CreditNoteParams) {
  const plan = await planCreditNote(ctx, p);
  const number = numberOf(plan.invoice, (await countCreditNotesOf(ctx.db, ctx.scope, plan.invoice.id)) + 1);
  // The refund refund_amount would create has no id yet: only the linked ones show.
  return rowsOf(ctx, plan, p, { id: newId('cn'), number, link_hash: '', customer_balance_transaction: null, refunds: plan.refunds.linked });
}

/** GET /v1/credit_notes/preview: the credit note these parameters would issue (with no PDF: nothing is issued). */
export async function previewCreditNote(ctx: Ctx, p: CreditNoteParams): Promise<CreditNoteObject> {
  const { note, lines } = await previewRows(ctx, p);
  return toCreditNoteObject(note, lines, '');
}

/** GET /v1/credit_notes/preview/lines: every line of that preview, a page at a time. */
export async function previewCreditNoteLines(ctx: Ctx, p: CreditNoteParams, page: Page) {
  const { lines } = await previewRows(ctx, p);
  const { data, hasMore } = pageInMemory(lines.map(toCreditNoteLineObject), page);
  return listObject('/v1/credit_notes/preview/lines', data, hasMore);
}

/**
 * Refunds refund_amount of the invoice's charge through its processor. A refund the test
 * gateway refuses at once refuses the credit note (nothing is written); a remote
 * processor's answer comes after commit, and a failed one shows on the refund.
 */
async function refundForCreditNote(ctx: Ctx, plan: CreditNotePlan, reason: CreditNoteParams['reason']): Promise<LinkedRefund> {
  const refund = await refundCharge(ctx, plan.refunds.charge!, {
    amount: plan.refunds.create,
    reason: reason === 'duplicate' || reason === 'fraudulent' ? reason : undefined,
    metadata: {},
  });
  if (refund.status === 'failed') {
    throw BursarError.invalid(`The refund of ${formatMoney(refund.amount, refund.currency)} failed (${refund.failure_reason}): no credit note was issued.`, 'refund_amount', 'refund_failed');
  }
  return { refund: refund.id, amount_refunded: refund.amount };
}

/**
 * Issues a credit note: it takes its pre_payment_amount off what the invoice asks for (an
 * open invoice left owing nothing is paid), credits credit_amount to the customer's balance
 * (a `credit_note` balance transaction), refunds refund_amount of the invoice's payment,
 * accounts for the refunds it names and records out_of_band_amount as credited elsewhere.
 */
export async function createCreditNote(ctx: Ctx, p: CreditNoteParams): Promise<CreditNoteObject> {
  const plan = await planCreditNote(ctx, p);
  const before = plan.invoice;
  // The invoice row first: a racing credit note of the same invoice waits here, then sees this one.
  const invoiceRow = await addCreditNoteAmounts(ctx.db, ctx.scope, before.id, plan.pre_payment_amount, plan.post_payment_amount);
  const id = newId('cn');
  const number = numberOf(before, (await countCreditNotesOf(ctx.db, ctx.scope, before.id)) + 1);
  let balanceTransaction: string | null = null;
  if (plan.credit_amount > 0) {
    const customer = await requireCustomer(ctx, before.customer, 'invoice');
    const { transaction } = await changeBalance(ctx, customer, { type: 'credit_note', amount: -plan.credit_amount, currency: before.currency, invoice: before.id, credit_note: id, param: 'credit_amount' });
    balanceTransaction = transaction.id;
  }
  const refunds = plan.refunds.create > 0 ? [await refundForCreditNote(ctx, plan, p.reason), ...plan.refunds.linked] : plan.refunds.linked;
  const { note, lines } = await rowsOf(ctx, plan, p, { id, number, link_hash: await creditNoteLinkHash(ctx.db, id), customer_balance_transaction: balanceTransaction, refunds });
  const { seq: _seq, ...values } = note;
  const row = await insertCreditNote(ctx.db, values);
  await insertCreditNoteLines(ctx.db, lines.map(({ seq: _s, ...line }) => line));
  const settled = plan.pre_payment_amount > 0 && invoiceRow.status !== 'paid' && (await toInvoice(ctx, invoiceRow)).amount_remaining === 0;
  const invoice = settled
    ? await toInvoice(ctx, await moveInvoice(ctx, invoiceRow, ['open', 'uncollectible'], 'paid', { status: 'paid', paid_at: row.created }))
    : await toInvoice(ctx, invoiceRow);
  await recordEvent(ctx, 'invoice.updated', invoice, before);
  if (settled) await recordInvoicePaid(ctx, invoice);
  const object = await toObject(ctx, row);
  await recordEvent(ctx, 'credit_note.created', object);
  return object;
}

export async function retrieveCreditNote(ctx: Ctx, id: string): Promise<CreditNoteObject> {
  return toObject(ctx, await requireCreditNote(ctx, id));
}

/** Only the memo and metadata change once a credit note is issued. */
export async function updateCreditNote(ctx: Ctx, id: string, p: UpdateCreditNoteParams): Promise<CreditNoteObject> {
  const row = await requireCreditNote(ctx, id);
  const before = await toObject(ctx, row);
  const updated = await updateCreditNoteRow(ctx.db, ctx.scope, id, {
    ...(p.memo !== undefined && { memo: p.memo }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
  });
  const object = await toObject(ctx, updated);
  await recordEvent(ctx, 'credit_note.updated', object, before);
  return object;
}

/**
 * Voids a credit note: the invoice asks for its pre_payment_amount again and the balance
 * credit is taken back (a `credit_note` balance transaction the other way). One that
 * settled an invoice which is now paid cannot be voided: the invoice would owe again.
 */
export async function voidCreditNote(ctx: Ctx, id: string): Promise<CreditNoteObject> {
  const row = await requireCreditNote(ctx, id);
  if (row.status !== 'issued') throw BursarError.invalid(`Credit note ${id} is already void.`, 'id');
  const invoiceBefore = await retrieveInvoice(ctx, row.invoice);
  if (row.pre_payment_amount > 0 && !['open', 'uncollectible'].includes(invoiceBefore.status)) {
    throw BursarError.invalid(`Credit note ${id} took ${row.pre_payment_amount} off invoice ${row.invoice}, which is now ${invoiceBefore.status}: it cannot be voided.`, 'id');
  }
  const before = await toObject(ctx, row);
  const invoiceRow = await addCreditNoteAmounts(ctx.db, ctx.scope, row.invoice, -row.pre_payment_amount, -row.post_payment_amount);
  if (row.credit_amount > 0) {
    const customer = await requireCustomer(ctx, row.customer, 'id');
    await changeBalance(ctx, customer, { type: 'credit_note', amount: row.credit_amount, currency: row.currency, invoice: row.invoice, credit_note: row.id, param: 'id' });
  }
  const voided = await updateCreditNoteRow(ctx.db, ctx.scope, id, { status: 'void', voided_at: await clockTime(ctx, invoiceBefore.test_clock) });
  await recordEvent(ctx, 'invoice.updated', await toInvoice(ctx, invoiceRow), invoiceBefore);
  const object = await toObject(ctx, voided);
  await recordEvent(ctx, 'credit_note.voided', object, before);
  return object;
}

export async function listCreditNotes(ctx: Ctx, page: Page, filter: CreditNoteFilter) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer, 'customer');
  if (filter.invoice !== undefined) await requireInvoice(ctx, filter.invoice, 'invoice');
  const { rows, hasMore } = await listCreditNoteRows(ctx.db, ctx.scope, page, filter);
  const data: CreditNoteObject[] = [];
  for (const row of rows) data.push(await toObject(ctx, row));
  return listObject('/v1/credit_notes', data, hasMore);
}

export async function listCreditNoteLines(ctx: Ctx, id: string, page: Page) {
  await requireCreditNote(ctx, id);
  const { data, hasMore } = pageInMemory((await creditNoteLinesOf(ctx.db, ctx.scope, id)).map(toCreditNoteLineObject), page);
  return listObject(`/v1/credit_notes/${id}/lines`, data, hasMore);
}
