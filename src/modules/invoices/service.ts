import type { Ctx } from '../../context.ts';
import { listObject, pageInMemory, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { claimPendingItems, firstPendingCurrency, releaseInvoiceItems } from '../invoice-items/repository.ts';
import { applyDiscounts, discountsOf } from './discounts.ts';
import type { InvoiceObject } from './object.ts';
import { deleteInvoiceRow, findInvoice, insertInvoice, listInvoiceRows, searchInvoiceRows, updateInvoiceRow, type InvoiceFilter, type InvoiceRow } from './repository.ts';
import type { CreateInvoiceParams, UpdateInvoiceParams } from './schemas.ts';
import { foundOf, type SearchRequest } from '../../search/page.ts';
import { requireStatus } from './state.ts';
import { toInvoice } from './view.ts';
import { customFieldsColumn, invoiceTextColumns } from './customer-texts.ts';

type DeletedInvoice = { id: string; object: 'invoice'; deleted: true };
type Collection = Pick<CreateInvoiceParams, 'collection_method' | 'days_until_due' | 'due_date'>;

export async function requireInvoice(ctx: Ctx, id: string, param = 'id'): Promise<InvoiceRow> {
  const row = await findInvoice(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('invoice', id, param);
  return row;
}

/** send_invoice needs a due date (days_until_due or due_date); charge_automatically takes neither. */
function collectionColumns(ctx: Ctx, p: Collection) {
  const method = p.collection_method ?? 'charge_automatically';
  if (method === 'charge_automatically') {
    if (p.days_until_due !== undefined) throw BursarError.invalid('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
    if (p.due_date !== undefined) throw BursarError.invalid('due_date can only be set when collection_method is send_invoice.', 'due_date');
    return { collection_method: method, days_until_due: null, due_date: null };
  }
  if (p.days_until_due !== undefined && p.due_date !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: days_until_due, due_date.', 'due_date');
  }
  if (p.days_until_due === undefined && p.due_date === undefined) {
    throw BursarError.invalid('Missing required param: days_until_due (or due_date) when collection_method is send_invoice.', 'days_until_due', 'parameter_missing');
  }
  if (p.due_date !== undefined && p.due_date <= ctx.clock.now()) throw BursarError.invalid('due_date must be in the future.', 'due_date');
  return { collection_method: method, days_until_due: p.days_until_due ?? null, due_date: p.due_date ?? null };
}

export async function createInvoice(ctx: Ctx, p: CreateInvoiceParams): Promise<InvoiceObject> {
  const customer = await requireCustomer(ctx, p.customer, 'customer');
  const collection = collectionColumns(ctx, p);
  if (p.default_payment_method !== undefined) await requireCustomerPaymentMethod(ctx, p.default_payment_method, customer.id, 'default_payment_method');
  const include = p.pending_invoice_items_behavior === 'include';
  const currency = p.currency ?? (include ? await firstPendingCurrency(ctx.db, ctx.scope, customer.id) : undefined) ?? customer.currency ?? 'usd';
  const taxRates = p.default_tax_rates ?? [];
  await loadTaxRates(ctx, taxRates, 'default_tax_rates');
  const row = await insertInvoice(ctx.db, {
    id: newId('in'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    customer: customer.id,
    status: 'draft',
    number: null,
    currency,
    ...collection,
    auto_advance: p.auto_advance ? 1 : 0,
    description: p.description ?? null,
    ...invoiceTextColumns(customer, p),
    default_payment_method: p.default_payment_method ?? null,
    default_tax_rates: JSON.stringify(taxRates),
    discounts: JSON.stringify(await applyDiscounts(ctx, p.discounts, currency, { customer: customer.id })),
    starting_balance: null,
    amount_paid: 0,
    attempt_count: 0,
    paid_out_of_band: 0,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  if (include) await claimPendingItems(ctx.db, ctx.scope, { customer: customer.id, currency }, row.id);
  const object = await toInvoice(ctx, row);
  await recordEvent(ctx, 'invoice.created', object);
  return object;
}

export async function retrieveInvoice(ctx: Ctx, id: string): Promise<InvoiceObject> {
  return toInvoice(ctx, await requireInvoice(ctx, id));
}

/** A draft changes freely; once finalized, an invoice's terms are fixed. */
export async function updateInvoice(ctx: Ctx, id: string, p: UpdateInvoiceParams): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  requireStatus(row, ['draft'], 'updated');
  const before = await toInvoice(ctx, row);
  const collectionChanges = p.collection_method !== undefined || p.days_until_due !== undefined || p.due_date !== undefined;
  const collection = collectionChanges
    ? collectionColumns(ctx, {
        collection_method: (p.collection_method ?? row.collection_method) as Collection['collection_method'],
        days_until_due: p.days_until_due ?? (p.due_date === undefined ? (row.days_until_due ?? undefined) : undefined),
        due_date: p.due_date ?? (p.days_until_due === undefined ? (row.due_date ?? undefined) : undefined),
      })
    : {};
  if (p.default_payment_method) await requireCustomerPaymentMethod(ctx, p.default_payment_method, row.customer, 'default_payment_method');
  if (p.default_tax_rates) await loadTaxRates(ctx, p.default_tax_rates, 'default_tax_rates');
  const patch = {
    ...collection,
    ...(p.auto_advance !== undefined && { auto_advance: p.auto_advance ? 1 : 0 }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.custom_fields !== undefined && { custom_fields: customFieldsColumn(p.custom_fields) }),
    ...(p.footer !== undefined && { footer: p.footer }),
    ...(p.default_payment_method !== undefined && { default_payment_method: p.default_payment_method }),
    ...(p.default_tax_rates !== undefined && { default_tax_rates: JSON.stringify(p.default_tax_rates ?? []) }),
    ...(p.discounts !== undefined && { discounts: JSON.stringify(await applyDiscounts(ctx, p.discounts, row.currency, { existing: discountsOf(row), customer: row.customer })) }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
  };
  const object = await toInvoice(ctx, await updateInvoiceRow(ctx.db, ctx.scope, id, patch));
  await recordEvent(ctx, 'invoice.updated', object, before);
  return object;
}

/** Deletes a draft; its items return to pending for the customer's next invoice. */
export async function deleteInvoice(ctx: Ctx, id: string): Promise<DeletedInvoice> {
  const row = await requireInvoice(ctx, id);
  requireStatus(row, ['draft'], 'deleted');
  const object = await toInvoice(ctx, row);
  await releaseInvoiceItems(ctx.db, ctx.scope, id);
  await deleteInvoiceRow(ctx.db, ctx.scope, id);
  await recordEvent(ctx, 'invoice.deleted', object);
  return { id, object: 'invoice', deleted: true };
}

export async function listInvoices(ctx: Ctx, page: Page, filter: InvoiceFilter) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer, 'customer');
  const { rows, hasMore } = await listInvoiceRows(ctx.db, ctx.scope, page, filter);
  const data: InvoiceObject[] = [];
  for (const row of rows) data.push(await toInvoice(ctx, row));
  return listObject('/v1/invoices', data, hasMore);
}

/** GET /v1/invoices/:id/lines: the invoice's lines, in order, a page at a time (Stripe's listLineItems). */
export async function listInvoiceLines(ctx: Ctx, id: string, page: Page) {
  const invoice = await retrieveInvoice(ctx, id);
  const { data, hasMore } = pageInMemory(invoice.lines.data, page);
  return listObject(invoice.lines.url, data, hasMore);
}

export async function searchInvoices(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchInvoiceRows(ctx.db, ctx.scope, request), (row) => toInvoice(ctx, row));
}
