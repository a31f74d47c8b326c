// Proration to the second, as Stripe does it: a change at `at` inside the period
// [start, end) credits the unused time of what was billed and charges the remaining
// time of what replaces it. Each line is rounded on its own to the nearest minor
// unit (halves away from zero, see div-round.ts), so a credit and a charge for the
// same amount always cancel exactly.
import { divRound, toBig } from './div-round.ts';
import type { Period } from './periods.ts';

/** What a subscription item bills: one price at a quantity. */
export interface ProrationItem {
  /** The price id, passed through to the lines. */
  price: string;
  unit_amount: number;
  quantity: number;
}

export type ProrationKind = 'unused_time' | 'remaining_time';

export interface ProrationLine {
  /** Negative for unused time (a credit), positive for remaining time. */
  amount: number;
  /** What the line says: "Unused time on …" or "Remaining time on …". */
  kind: ProrationKind;
  price: string;
  unit_amount: number;
  quantity: number;
  /** From the change to the end of the period. */
  period: Period;
  proration: true;
}

/** One item's change; `before: null` is an added item, `after: null` a removed one. */
export interface ItemChange {
  before: ProrationItem | null;
  after: ProrationItem | null;
}

function checkPeriod(period: Period, at: number): void {
  if (!(period.end > period.start)) throw new RangeError('a period must end after it starts');
  if (at < period.start || at >= period.end) throw new RangeError('a proration must happen inside the period [start, end)');
}

/** The share of `amount` for the time left in the period: round(amount × (end − at) / (end − start)). */
export function prorate(amount: number, period: Period, at: number): number {
  checkPeriod(period, at);
  return divRound(toBig(amount) * BigInt(period.end - at), BigInt(period.end - period.start));
}

function line(kind: ProrationKind, item: ProrationItem, period: Period, at: number): ProrationLine {
  const amount = prorate(item.unit_amount * item.quantity, period, at);
  return {
    amount: kind === 'unused_time' ? -amount : amount,
    kind,
    price: item.price,
    unit_amount: item.unit_amount,
    quantity: item.quantity,
    period: { start: at, end: period.end },
    proration: true,
  };
}

function same(a: ProrationItem, b: ProrationItem): boolean {
  return a.price === b.price && a.unit_amount === b.unit_amount && a.quantity === b.quantity;
}

/** How a change prorates: `restart` when it restarts the billing cycle at `at` (a change of interval). */
export interface ProrationOptions {
  restart?: boolean;
}

/**
 * The proration lines for one item changed at `at`: a credit for the old price × quantity,
 * then a charge for the new one. A change at the period start prorates nothing (the
 * next invoice bills the new item in full), nor does an item left as it was.
 * A change of interval restarts the cycle (periods.ts): pass `after: null` and `restart`
 * for the credit (the whole period at its very start: it is not billed again), and bill
 * the new price for its whole new period as an ordinary line.
 */
export function prorateItemChange(period: Period, at: number, change: ItemChange, options: ProrationOptions = {}): ProrationLine[] {
  checkPeriod(period, at);
  const { before, after } = change;
  for (const item of [before, after]) {
    if (item && (!Number.isSafeInteger(item.quantity) || item.quantity < 0)) throw new RangeError(`quantity must be a non-negative integer, got ${item.quantity}`);
  }
  if ((at === period.start && !options.restart) || (before && after && same(before, after))) return [];
  const lines: ProrationLine[] = [];
  if (before) lines.push(line('unused_time', before, period, at));
  if (after) lines.push(line('remaining_time', after, period, at));
  return lines;
}

/** The proration lines for several items changed together, in the order given. */
export function prorateChanges(period: Period, at: number, changes: readonly ItemChange[], options: ProrationOptions = {}): ProrationLine[] {
  return changes.flatMap((c) => prorateItemChange(period, at, c, options));
}
