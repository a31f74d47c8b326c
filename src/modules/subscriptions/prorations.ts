import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { InvoiceItemsTable } from '../../db/schema.ts';
import { newId } from '../../kit/ids.ts';
import { prorateChanges, type ItemChange, type ProrationLine, type ProrationOptions } from '../../billing/proration.ts';
import { recordEvent } from '../events/service.ts';
import { insertInvoiceItem } from '../invoice-items/repository.ts';
import { toInvoiceItem } from '../invoice-items/service.ts';
import { taxRateIdsOf } from '../invoice-items/object.ts';
import { itemDescription, type PricedItem } from './lines.ts';
import type { SubscriptionRow } from './repository.ts';

/** One item's change, with the item it concerns (for the lines' ids, text and tax rates). */
export interface PricedChange extends ItemChange {
  item: PricedItem;
  /** The item as it is after the change (its new price's product name for the text). */
  afterItem?: PricedItem;
}

const day = (t: number) => new Date(t * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Stripe's text: "Unused time on 1 × Pro after 15 Jan 2026", "Remaining time on 2 × Pro after 15 Jan 2026". */
function describe(line: ProrationLine, item: PricedItem, at: number): string {
  const what = itemDescription(item, line.quantity).replace(/ \(at .*\)$/, '');
  return `${line.kind === 'unused_time' ? 'Unused' : 'Remaining'} time on ${what} after ${day(at)}`;
}

/** Whether `at` falls inside the subscription's current period, where a change can be prorated. */
export const canProrate = (sub: SubscriptionRow, at: number) => at >= sub.current_period_start && at < sub.current_period_end;

/** A proration line as the pending invoice item it becomes (Insertable: no seq yet). */
export type ProrationItemRow = Insertable<InvoiceItemsTable>;

/**
 * The proration lines of changes made at `at`, as pending invoice items of the
 * subscription. Reads nothing and writes nothing: the update writes them, a preview shows them.
 */
export function prorationRows(ctx: Ctx, sub: SubscriptionRow, at: number, changes: readonly PricedChange[], options: ProrationOptions = {}): ProrationItemRow[] {
  if (!canProrate(sub, at)) return [];
  const period = { start: sub.current_period_start, end: sub.current_period_end };
  const rows: ProrationItemRow[] = [];
  for (const change of changes) {
    for (const line of prorateChanges(period, at, [change], options)) {
      const item = line.kind === 'remaining_time' ? (change.afterItem ?? change.item) : change.item;
      rows.push({
        id: newId('ii'),
        project_id: ctx.scope.projectId,
        livemode: ctx.scope.livemode ? 1 : 0,
        created: at,
        customer: sub.customer,
        invoice: null,
        line_id: newId('il'),
        amount: line.amount,
        currency: sub.currency,
        description: describe(line, item, at),
        period_start: line.period.start,
        period_end: line.period.end,
        discountable: 1,
        tax_rates: JSON.stringify(taxRateIdsOf(item.row)),
        price: line.price,
        product: item.price.product,
        quantity: line.quantity,
        unit_amount_decimal: String(line.unit_amount),
        subscription: sub.id,
        subscription_item: change.item.row.id,
        proration: 1,
        metadata: '{}',
      });
    }
  }
  return rows;
}

/** Writes proration rows as pending invoice items (the next invoice, or an immediate one, bills them); returns their ids. */
export async function insertProrations(ctx: Ctx, rows: readonly ProrationItemRow[]): Promise<string[]> {
  for (const values of rows) {
    const row = await insertInvoiceItem(ctx.db, values);
    await recordEvent(ctx, 'invoiceitem.created', await toInvoiceItem(ctx, row));
  }
  return rows.map((r) => r.id);
}

/** Writes the proration lines of changes made at `at` as pending invoice items; returns their ids. */
export const addProrations = (ctx: Ctx, sub: SubscriptionRow, at: number, changes: readonly PricedChange[]) =>
  insertProrations(ctx, prorationRows(ctx, sub, at, changes));

/** What an item bills now, as proration.ts takes it. */
export const asProrationItem = (item: PricedItem) => ({ price: item.price.id, unit_amount: item.price.unit_amount ?? 0, quantity: item.row.quantity });
