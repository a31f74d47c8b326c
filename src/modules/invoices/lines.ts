import type { Ctx } from '../../context.ts';
import { mergeMetadata, paramName, type MetadataParam } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { recordEvent } from '../events/service.ts';
import { createPrice, requirePrice } from '../prices/service.ts';
import { changeInvoiceItem, createInvoiceItem, deleteInvoiceItem, requireInvoiceItem } from '../invoice-items/service.ts';
import { assignPendingItem, invoiceItemsOn, updateInvoiceItemRow, type InvoiceItemRow } from '../invoice-items/repository.ts';
import type { InvoiceObject } from './object.ts';
import { updateInvoiceRow, type InvoiceRow } from './repository.ts';
import { requireInvoice } from './service.ts';
import { requireStatus } from './state.ts';
import { toInvoice } from './view.ts';
import type { AddLinesParams, LineParams, RemoveLinesParams, UpdateLineItemParams, UpdateLinesParams } from './lines-schemas.ts';

type AddLine = AddLinesParams['lines'][number];
type UpdateLine = UpdateLinesParams['lines'][number];
type RemoveLine = RemoveLinesParams['lines'][number];

/** Runs `run` for one line: an error it raises names the parameter inside that line (`lines[0][amount]`). */
async function within<T>(at: readonly (string | number)[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof BursarError) || err.param === undefined) throw err;
    const param = paramName([...at, ...err.param.split(/[[\]]+/).filter(Boolean)]);
    throw new BursarError({ status: err.status, type: err.type, message: err.message, code: err.code, param, declineCode: err.declineCode, extra: err.extra });
  }
}

/** A subscription's own line (not a proration): its amount, price and quantity follow the subscription. */
const isSubscriptionLine = (item: InvoiceItemRow) => item.subscription_item !== null && item.proration !== 1;

/** What Stripe declares for a line and Bursar does not do: refused, never ignored. */
function refuseUnsupported(line: LineParams): void {
  if (line.quantity_decimal !== undefined) throw BursarError.invalid('quantity_decimal is not supported: give a whole quantity.', 'quantity_decimal');
  if (line.tax_amounts?.length) throw BursarError.invalid('tax_amounts is not supported: Bursar computes taxes from tax_rates.', 'tax_amounts');
  if (line.discounts?.length) throw BursarError.invalid('Discounts of a single line are not supported: give the invoice its discounts.', 'discounts');
}

/** The price a line names (`pricing[price]`) or makes (`price_data`, an inactive one-time price), in the invoice's currency. */
async function linePrice(ctx: Ctx, invoice: InvoiceRow, line: LineParams): Promise<string | undefined> {
  if (line.price_data && line.pricing?.price !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: price_data, pricing[price].', 'price_data');
  }
  let id = line.pricing?.price;
  let param = 'pricing[price]';
  if (line.price_data) {
    const data = line.price_data;
    id = (await within(['price_data'], () => createPrice(ctx, { ...data, active: false }))).id;
    param = 'price_data[currency]';
  }
  if (id === undefined) return undefined;
  const price = await requirePrice(ctx, id, param);
  if (price.currency !== invoice.currency) {
    throw BursarError.invalid(`The price ${price.id} is in ${price.currency}; invoice ${invoice.id} is in ${invoice.currency}.`, param);
  }
  return id;
}

/** The invoice item fields a line sets. */
async function itemFields(ctx: Ctx, invoice: InvoiceRow, line: LineParams) {
  refuseUnsupported(line);
  const price = await linePrice(ctx, invoice, line);
  return {
    amount: line.amount,
    discountable: line.discountable,
    metadata: line.metadata,
    period: line.period,
    quantity: line.quantity,
    tax_rates: line.tax_rates,
    ...(price !== undefined && { pricing: { price } }),
  };
}

/** A new item on the invoice (event invoiceitem.created), or a pending one of its customer moved onto it. */
async function addLine(ctx: Ctx, invoice: InvoiceRow, _items: InvoiceItemRow[], line: AddLine): Promise<void> {
  const fields = { ...(await itemFields(ctx, invoice, line)), description: line.description };
  if (line.invoice_item === undefined) {
    await createInvoiceItem(ctx, { ...fields, customer: invoice.customer, invoice: invoice.id, ...(line.amount !== undefined && { currency: invoice.currency }) });
    return;
  }
  const item = await requireInvoiceItem(ctx, line.invoice_item, 'invoice_item');
  const refuse = (why: string) => BursarError.invalid(`The invoice item ${item.id} ${why}`, 'invoice_item');
  const elsewhere = (on: string | null) => refuse(`is already on invoice ${on}; only an unassigned item can be added.`);
  if (item.invoice !== null) throw elsewhere(item.invoice);
  if (item.customer !== invoice.customer) throw refuse(`belongs to another customer than invoice ${invoice.id}.`);
  if (item.currency !== invoice.currency) throw refuse(`is in ${item.currency}; invoice ${invoice.id} is in ${invoice.currency}.`);
  const assigned = await assignPendingItem(ctx.db, ctx.scope, item.id, invoice.id);
  if (!assigned) throw elsewhere((await requireInvoiceItem(ctx, item.id, 'invoice_item')).invoice);
  await changeInvoiceItem(ctx, assigned, fields);
}

function lineOf(items: InvoiceItemRow[], id: string): InvoiceItemRow {
  const item = items.find((i) => i.line_id === id);
  if (!item) throw BursarError.notFound('line item', id, 'id');
  return item;
}

/**
 * Changes a line's item. A subscription's own line takes only description, discountable,
 * metadata (replacing its own, as Stripe does), period and tax_rates.
 */
async function updateLine(ctx: Ctx, invoice: InvoiceRow, items: InvoiceItemRow[], line: UpdateLine): Promise<void> {
  const item = lineOf(items, line.id);
  const subscriptionLine = isSubscriptionLine(item);
  if (subscriptionLine) {
    for (const key of ['amount', 'pricing', 'price_data', 'quantity'] as const) {
      if (line[key] === undefined) continue;
      throw BursarError.invalid(`Line ${line.id} bills subscription item ${item.subscription_item}: its ${key} follows the subscription and cannot be updated here.`, key);
    }
  }
  const fields = { ...(await itemFields(ctx, invoice, line)), description: line.description };
  await changeInvoiceItem(ctx, item, fields, { replaceMetadata: subscriptionLine });
}

/** Deletes a line's item (event invoiceitem.deleted), or unassigns it: pending again for a later invoice. */
async function removeLine(ctx: Ctx, _invoice: InvoiceRow, items: InvoiceItemRow[], line: RemoveLine): Promise<void> {
  const item = lineOf(items, line.id);
  if (isSubscriptionLine(item)) {
    throw BursarError.invalid(`Line ${line.id} bills subscription item ${item.subscription_item}: a subscription's own line cannot be removed from its invoice.`, 'id');
  }
  if (line.behavior === 'delete') await deleteInvoiceItem(ctx, item.id);
  else await updateInvoiceItemRow(ctx.db, ctx.scope, item.id, { invoice: null });
}

type LineChange<L> = (ctx: Ctx, invoice: InvoiceRow, items: InvoiceItemRow[], line: L) => Promise<void>;

/**
 * Applies `change` to each line of a draft, in order, then `invoice_metadata`; one
 * invoice.updated event shows what changed (totals included). All or nothing: a refused
 * line leaves the invoice as it was.
 */
async function changeLines<L>(
  ctx: Ctx,
  id: string,
  p: { lines: L[]; invoice_metadata?: MetadataParam },
  action: string,
  change: LineChange<L>,
  at: (i: number) => (string | number)[] = (i) => ['lines', i],
): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  requireStatus(row, ['draft'], action);
  const before = await toInvoice(ctx, row);
  for (const [i, line] of p.lines.entries()) {
    const items = await invoiceItemsOn(ctx.db, ctx.scope, id);
    await within(at(i), () => change(ctx, row, items, line));
  }
  const current = p.invoice_metadata === undefined
    ? row
    : await updateInvoiceRow(ctx.db, ctx.scope, id, { metadata: JSON.stringify(mergeMetadata(before.metadata, p.invoice_metadata)) });
  const object = await toInvoice(ctx, current);
  await recordEvent(ctx, 'invoice.updated', object, before);
  return object;
}

export const addLines = (ctx: Ctx, id: string, p: AddLinesParams) => changeLines(ctx, id, p, 'given new lines', addLine);
export const updateLines = (ctx: Ctx, id: string, p: UpdateLinesParams) => changeLines(ctx, id, p, 'edited', updateLine);
export const removeLines = (ctx: Ctx, id: string, p: RemoveLinesParams) => changeLines(ctx, id, p, 'edited', removeLine);

/** `updateLineItem`: one line as update_lines changes it (its errors name its own parameters); answers the line. */
export async function updateLineItem(ctx: Ctx, id: string, lineId: string, p: UpdateLineItemParams): Promise<InvoiceObject['lines']['data'][number]> {
  const invoice = await changeLines(ctx, id, { lines: [{ ...p, id: lineId }] }, 'edited', updateLine, () => []);
  return invoice.lines.data.find((l) => l.id === lineId)!;
}
