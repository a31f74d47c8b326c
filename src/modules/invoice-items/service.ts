import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata, paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { lineAmount } from '../../billing/amount-limit.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { findCustomer } from '../customers/repository.ts';
import { requirePrice } from '../prices/service.ts';
import { requireTaxRate } from '../tax-rates/service.ts';
import { toTaxRateObject, type TaxRateObject } from '../tax-rates/object.ts';
import { findInvoice } from '../invoices/repository.ts';
import { taxRateIdsOf, toInvoiceItemObject, type InvoiceItemObject } from './object.ts';
import {
  deleteInvoiceItemRow,
  findInvoiceItem,
  insertInvoiceItem,
  listInvoiceItemRows,
  updateInvoiceItemRow,
  type InvoiceItemFilter,
  type InvoiceItemRow,
} from './repository.ts';
import type { CreateInvoiceItemParams, UpdateInvoiceItemParams } from './schemas.ts';

type DeletedInvoiceItem = { id: string; object: 'invoiceitem'; deleted: true };

export async function requireInvoiceItem(ctx: Ctx, id: string, param = 'id'): Promise<InvoiceItemRow> {
  const row = await findInvoiceItem(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('invoiceitem', id, param);
  return row;
}

/** The tax rates named by `ids`, each checked to exist; a 404 names `tax_rates[i]`. */
export async function loadTaxRates(ctx: Ctx, ids: readonly string[], param = 'tax_rates'): Promise<TaxRateObject[]> {
  const rates: TaxRateObject[] = [];
  for (const [i, id] of ids.entries()) rates.push(toTaxRateObject(await requireTaxRate(ctx, id, paramName([param, i]))));
  return rates;
}

/** The item as Stripe shows it, with its tax rates loaded. */
export async function toInvoiceItem(ctx: Ctx, row: InvoiceItemRow): Promise<InvoiceItemObject> {
  const customer = await findCustomer(ctx.db, ctx.scope, row.customer);
  return toInvoiceItemObject(row, await loadTaxRates(ctx, taxRateIdsOf(row)), customer?.test_clock ?? null);
}

/** A draft invoice of this customer, to add an item to; refused once finalized. */
async function requireDraftInvoiceOf(ctx: Ctx, id: string, customer: string, currency: string) {
  const invoice = await findInvoice(ctx.db, ctx.scope, id);
  if (!invoice) throw BursarError.notFound('invoice', id, 'invoice');
  if (invoice.status !== 'draft') {
    throw BursarError.invalid(`Invoice ${id} is ${invoice.status}: items can only be added to a draft invoice.`, 'invoice');
  }
  if (invoice.customer !== customer) throw BursarError.invalid(`Invoice ${id} belongs to another customer than ${customer}.`, 'invoice');
  if (invoice.currency !== currency) {
    throw BursarError.invalid(`Invoice ${id} is in ${invoice.currency}; this item is in ${currency}. An invoice has one currency.`, 'currency');
  }
  return invoice;
}

/** Pending items, and items on a draft, can change; an item on a finalized invoice is fixed. */
async function requireEditable(ctx: Ctx, row: InvoiceItemRow, verb: string): Promise<void> {
  if (row.invoice === null) return;
  const invoice = await findInvoice(ctx.db, ctx.scope, row.invoice);
  if (invoice && invoice.status !== 'draft') {
    throw BursarError.invalid(
      `This invoice item cannot be ${verb}: it is on invoice ${invoice.id}, which is ${invoice.status}. Only pending items and items on a draft invoice can be ${verb}.`,
      'id',
    );
  }
}

/** A one-time price with a whole unit amount, as an item is priced by; `param` names where it was given. */
async function requireItemPrice(ctx: Ctx, id: string, param: string) {
  const price = await requirePrice(ctx, id, param);
  if (price.type !== 'one_time') throw BursarError.invalid(`The price ${price.id} is recurring; an invoice item takes a one_time price.`, param);
  if (price.unit_amount === null) throw BursarError.invalid(`The price ${price.id} has no whole unit_amount to bill.`, param);
  return { ...price, unit_amount: price.unit_amount };
}

/** The price an item is given: `pricing[price]`, or its older spelling `price`, not both. */
function givenPrice(p: { pricing?: { price?: string | undefined } | undefined; price?: string | undefined }): { id: string; param: string } | undefined {
  if (p.price !== undefined && p.pricing?.price !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: price, pricing[price].', 'pricing[price]');
  }
  if (p.pricing?.price !== undefined) return { id: p.pricing.price, param: 'pricing[price]' };
  if (p.price !== undefined) return { id: p.price, param: 'price' };
  return undefined;
}

/** The price columns of an item priced by `price` at `quantity`. */
const priceColumns = (price: Awaited<ReturnType<typeof requireItemPrice>>, quantity: number) => ({
  amount: lineAmount(price.unit_amount, quantity, price.currency, 'quantity'),
  currency: price.currency,
  price: price.id,
  product: price.product,
  quantity,
  unit_amount_decimal: price.unit_amount_decimal ?? String(price.unit_amount),
});

/** Amount, currency and price columns from either a price (`pricing[price]` or `price`, + quantity) or `amount` + `currency`. */
async function pricingColumns(ctx: Ctx, p: CreateInvoiceItemParams) {
  const given = givenPrice(p);
  if (given && p.amount !== undefined) {
    throw BursarError.invalid(`You may only specify one of these parameters: amount, ${given.param}.`, 'amount');
  }
  if (given) {
    const price = await requireItemPrice(ctx, given.id, given.param);
    if (p.currency !== undefined && p.currency !== price.currency) {
      throw BursarError.invalid(`The price ${price.id} is in ${price.currency}, not ${p.currency}.`, 'currency');
    }
    return priceColumns(price, p.quantity ?? 1);
  }
  if (p.amount === undefined) {
    throw BursarError.invalid('Missing required param: amount (or pricing[price]).', 'amount', 'parameter_missing');
  }
  if (p.currency === undefined) {
    throw BursarError.invalid('Missing required param: currency (required with amount).', 'currency', 'parameter_missing');
  }
  if (p.quantity !== undefined) throw BursarError.invalid('quantity can only be given with a price: amount is the whole amount.', 'quantity');
  return { amount: p.amount, currency: p.currency, price: null, product: null, quantity: 1, unit_amount_decimal: String(p.amount) };
}

function checkPeriod(period: { start: number; end: number } | undefined): void {
  if (period && period.end < period.start) throw BursarError.invalid('period[end] must not be before period[start].', 'period[end]');
}

export async function createInvoiceItem(ctx: Ctx, p: CreateInvoiceItemParams): Promise<InvoiceItemObject> {
  await requireCustomer(ctx, p.customer, 'customer');
  const columns = await pricingColumns(ctx, p);
  if (p.invoice !== undefined) await requireDraftInvoiceOf(ctx, p.invoice, p.customer, columns.currency);
  checkPeriod(p.period);
  const taxRates = p.tax_rates ?? [];
  await loadTaxRates(ctx, taxRates);
  const now = ctx.clock.now();
  const row = await insertInvoiceItem(ctx.db, {
    id: newId('ii'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    customer: p.customer,
    invoice: p.invoice ?? null,
    line_id: newId('il'),
    ...columns,
    description: p.description ?? null,
    period_start: p.period?.start ?? now,
    period_end: p.period?.end ?? now,
    discountable: p.discountable === false ? 0 : 1,
    tax_rates: JSON.stringify(taxRates),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  const object = await toInvoiceItem(ctx, row);
  await recordEvent(ctx, 'invoiceitem.created', object);
  return object;
}

export async function retrieveInvoiceItem(ctx: Ctx, id: string): Promise<InvoiceItemObject> {
  return toInvoiceItem(ctx, await requireInvoiceItem(ctx, id));
}

/** The changed columns of an item: a new price (`pricing[price]`), quantity, amount or texts. */
async function itemPatch(ctx: Ctx, row: InvoiceItemRow, p: UpdateInvoiceItemParams, metadata: Record<string, string>) {
  const given = givenPrice(p);
  if (given && p.amount !== undefined) throw BursarError.invalid(`You may only specify one of these parameters: amount, ${given.param}.`, 'amount');
  if (p.amount !== undefined && row.price !== null) {
    throw BursarError.invalid('This item is priced by its price: change its quantity, not its amount.', 'amount');
  }
  if (p.quantity !== undefined && row.price === null && !given) {
    throw BursarError.invalid('quantity can only change on an item priced by a price.', 'quantity');
  }
  checkPeriod(p.period);
  if (p.tax_rates) await loadTaxRates(ctx, p.tax_rates);
  let pricing = {};
  if (given) {
    const price = await requireItemPrice(ctx, given.id, given.param);
    if (price.currency !== row.currency) throw BursarError.invalid(`The price ${price.id} is in ${price.currency}; this item is in ${row.currency}.`, given.param);
    pricing = priceColumns(price, p.quantity ?? row.quantity);
  } else if (p.quantity !== undefined && row.price !== null) {
    pricing = { quantity: p.quantity, amount: lineAmount(row.amount / row.quantity, p.quantity, row.currency, 'quantity') };
  }
  return {
    ...pricing,
    ...(p.amount !== undefined && { amount: p.amount, unit_amount_decimal: String(p.amount) }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.discountable !== undefined && { discountable: p.discountable ? 1 : 0 }),
    ...(p.period !== undefined && { period_start: p.period.start, period_end: p.period.end }),
    ...(p.tax_rates !== undefined && { tax_rates: JSON.stringify(p.tax_rates ?? []) }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(metadata, p.metadata)) }),
  };
}

/**
 * Changes an editable item (pending, or on a draft) and returns it as it was and as it is;
 * records no event. `replaceMetadata`: `metadata` replaces the item's instead of merging.
 */
export async function changeInvoiceItem(ctx: Ctx, row: InvoiceItemRow, p: UpdateInvoiceItemParams, options: { replaceMetadata?: boolean } = {}) {
  await requireEditable(ctx, row, 'updated');
  const before = await toInvoiceItem(ctx, row);
  const changed = await updateInvoiceItemRow(ctx.db, ctx.scope, row.id, await itemPatch(ctx, row, p, options.replaceMetadata ? {} : before.metadata));
  return { before, object: await toInvoiceItem(ctx, changed) };
}

export async function updateInvoiceItem(ctx: Ctx, id: string, p: UpdateInvoiceItemParams): Promise<InvoiceItemObject> {
  // No event, as in Stripe: it has invoiceitem.created and .deleted, no .updated.
  const { object } = await changeInvoiceItem(ctx, await requireInvoiceItem(ctx, id), p);
  return object;
}

export async function deleteInvoiceItem(ctx: Ctx, id: string): Promise<DeletedInvoiceItem> {
  const row = await requireInvoiceItem(ctx, id);
  await requireEditable(ctx, row, 'deleted');
  const object = await toInvoiceItem(ctx, row);
  await deleteInvoiceItemRow(ctx.db, ctx.scope, id);
  await recordEvent(ctx, 'invoiceitem.deleted', object);
  return { id, object: 'invoiceitem', deleted: true };
}

export async function listInvoiceItems(ctx: Ctx, page: Page, filter: InvoiceItemFilter) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer, 'customer');
  const { rows, hasMore } = await listInvoiceItemRows(ctx.db, ctx.scope, page, filter);
  const data: InvoiceItemObject[] = [];
  for (const row of rows) data.push(await toInvoiceItem(ctx, row));
  return listObject('/v1/invoiceitems', data, hasMore);
}
