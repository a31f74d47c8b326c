// Invoice totals from lines, in integer minor units, with Stripe's field names.
// Order: discounts on the discountable subtotal, then tax on each line's discounted
// amount. Every rounding is divRound (nearest minor unit, halves away from zero):
// once per discount, once per line per tax rate. Zero-decimal currencies (jpy, krw …)
// need no special case: their amounts are already whole minor units.
import { allocate } from './allocate.ts';
import { divRound, exact, toBig } from './div-round.ts';

export interface TaxRate {
  id: string;
  /** Percent, e.g. 8.25; up to four decimals like Stripe. */
  percentage: number;
  /** Inclusive: contained in the amount. Exclusive: added on top. */
  inclusive: boolean;
}

/** A coupon applied to the invoice: exactly one of percent_off or amount_off. */
export interface InvoiceDiscount {
  /** The discount (or coupon) id, passed through to discount_amounts. */
  id: string;
  percent_off?: number | null;
  /** In `currency`, which must be the invoice's. */
  amount_off?: number | null;
  currency?: string | null;
}

export interface TotalsLineInput {
  amount: number;
  /** Default true; Stripe lets a line opt out of discounts. */
  discountable?: boolean;
  /** The line's own rates; when absent or empty the invoice's default_tax_rates apply. */
  tax_rates?: readonly TaxRate[];
}

export interface TotalsInput {
  currency: string;
  lines: readonly TotalsLineInput[];
  /** Applied in order, each to what the previous ones left. */
  discounts?: readonly InvoiceDiscount[];
  default_tax_rates?: readonly TaxRate[];
  /** The customer's balance in Stripe's sign: negative is credit, positive is owed. */
  starting_balance?: number;
  /** What credit notes took off the invoice while it was open: less is due, the balance is untouched. */
  pre_payment_credit_notes?: number;
}

export interface DiscountAmount {
  discount: string;
  amount: number;
}

export interface TaxAmount {
  tax_rate: string;
  amount: number;
  inclusive: boolean;
  /** The amount the tax is computed on, excluding inclusive tax. */
  taxable_amount: number;
}

export interface TotalsLine {
  amount: number;
  /** The amount without discounts and without inclusive tax. */
  amount_excluding_tax: number;
  discount_amounts: DiscountAmount[];
  tax_amounts: TaxAmount[];
}

export interface InvoiceTotals {
  lines: TotalsLine[];
  /** Sum of line amounts, before discounts and exclusive tax. */
  subtotal: number;
  /** Sum of line amounts without inclusive tax, before discounts. */
  subtotal_excluding_tax: number;
  total_discount_amounts: DiscountAmount[];
  total_tax_amounts: TaxAmount[];
  /** After discounts, without any tax. */
  total_excluding_tax: number;
  /** After discounts, with exclusive tax added. */
  total: number;
  starting_balance: number;
  /** What is left of the balance: the credit not used, when total + balance < 0. */
  ending_balance: number;
  /** What the customer pays: total plus the starting balance, never below 0, less pre-payment credit notes. */
  amount_due: number;
}

/** Percentages as integers in millionths of the whole (8.25 % → 82 500), so the math stays exact. */
const WHOLE = 1_000_000n;

function millionths(percent: number, what: string): bigint {
  const scaled = Math.round(percent * 10_000);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100 || Math.abs(scaled - percent * 10_000) > 1e-6) {
    throw new RangeError(`${what} must be a percentage from 0 to 100 with at most four decimals, got ${percent}`);
  }
  return BigInt(scaled);
}

/** The amount a discount takes off `base` (what is left to discount), capped so it never passes 0. */
function discountOff(d: InvoiceDiscount, base: bigint, currency: string): bigint {
  const hasPercent = d.percent_off != null;
  if (hasPercent === (d.amount_off != null)) throw new RangeError(`discount ${d.id} needs exactly one of percent_off and amount_off`);
  let off: bigint;
  if (hasPercent) {
    const p = millionths(d.percent_off!, 'percent_off');
    off = BigInt(divRound(base * p, WHOLE));
  } else {
    if ((d.currency ?? '').toLowerCase() !== currency.toLowerCase()) {
      throw new RangeError(`discount ${d.id} is in ${d.currency}, the invoice in ${currency}`);
    }
    off = toBig(d.amount_off!, 'amount_off');
    if (off < 0n) throw new RangeError('amount_off must not be negative');
  }
  if (base <= 0n) return 0n;
  return off < base ? off : base;
}

/** Tax on one line's discounted amount; inclusive rates share one divisor so several add up correctly. */
function lineTaxes(net: bigint, rates: readonly TaxRate[]): TaxAmount[] {
  const scaled = rates.map((r) => millionths(r.percentage, `tax rate ${r.id}`));
  const inclusiveSum = rates.reduce((sum, r, i) => (r.inclusive ? sum + scaled[i] : sum), 0n);
  const inclusive = rates.map((r, i) => (r.inclusive ? divRound(net * scaled[i], WHOLE + inclusiveSum) : 0));
  const taxable = exact(net - inclusive.reduce((a, b) => a + BigInt(b), 0n));
  return rates.map((r, i) => ({
    tax_rate: r.id,
    amount: r.inclusive ? inclusive[i] : divRound(BigInt(taxable) * scaled[i], WHOLE),
    inclusive: r.inclusive,
    taxable_amount: taxable,
  }));
}

/** An exact sum: a total past 2^53 − 1 is refused, not rounded. */
const sum = (xs: number[]) => exact(xs.reduce((a, b) => a + BigInt(b), 0n));

function sumBy<T extends { amount: number }>(items: T[], key: (t: T) => string, merge: (into: T, from: T) => void): T[] {
  const out = new Map<string, T>();
  for (const item of items) {
    const seen = out.get(key(item));
    if (seen) merge(seen, item);
    else out.set(key(item), { ...item });
  }
  return [...out.values()];
}

export function computeTotals(input: TotalsInput): InvoiceTotals {
  const { currency, lines, discounts = [], default_tax_rates = [], starting_balance = 0, pre_payment_credit_notes = 0 } = input;
  const amounts = lines.map((l) => toBig(l.amount, 'line amount'));
  toBig(starting_balance, 'starting_balance');
  if (new Set(discounts.map((d) => d.id)).size !== discounts.length) throw new RangeError('each discount may apply once');
  const discountable = lines.map((l) => l.discountable !== false);
  // What each discountable line still has to discount, shrinking as discounts apply in order.
  const left = amounts.map((a, i) => (discountable[i] ? a : 0n));
  const perLine: DiscountAmount[][] = lines.map(() => []);
  for (const d of discounts) {
    const base = left.reduce((a, b) => a + b, 0n);
    const off = discountOff(d, base, currency);
    const idx = left.flatMap((_, i) => (discountable[i] ? [i] : []));
    const shares = off > 0n ? allocate(exact(off), idx.map((i) => exact(left[i]))) : idx.map(() => 0);
    idx.forEach((i, k) => {
      perLine[i].push({ discount: d.id, amount: shares[k] });
      left[i] -= BigInt(shares[k]);
    });
  }

  const out: TotalsLine[] = lines.map((l, i) => {
    const rates = l.tax_rates && l.tax_rates.length > 0 ? l.tax_rates : default_tax_rates;
    const discounted = amounts[i] - BigInt(sum(perLine[i].map((d) => d.amount)));
    const undiscountedInclusive = sum(lineTaxes(amounts[i], rates).filter((t) => t.inclusive).map((t) => t.amount));
    return {
      amount: l.amount,
      amount_excluding_tax: exact(amounts[i] - BigInt(undiscountedInclusive)),
      discount_amounts: perLine[i],
      tax_amounts: lineTaxes(discounted, rates),
    };
  });

  const allTaxes = out.flatMap((l) => l.tax_amounts);
  const allDiscounts = out.flatMap((l) => l.discount_amounts);
  const subtotal = sum(out.map((l) => l.amount));
  const discountTotal = sum(allDiscounts.map((d) => d.amount));
  const exclusiveTax = sum(allTaxes.filter((t) => !t.inclusive).map((t) => t.amount));
  const inclusiveTax = sum(allTaxes.filter((t) => t.inclusive).map((t) => t.amount));
  const total = sum([subtotal, -discountTotal, exclusiveTax]);
  const owed = sum([total, starting_balance]);
  return {
    lines: out,
    subtotal,
    subtotal_excluding_tax: sum(out.map((l) => l.amount_excluding_tax)),
    total_discount_amounts: discounts.map((d) => ({
      discount: d.id,
      amount: sum(allDiscounts.filter((x) => x.discount === d.id).map((x) => x.amount)),
    })),
    total_tax_amounts: sumBy(allTaxes, (t) => t.tax_rate, (into, from) => {
      into.amount = sum([into.amount, from.amount]);
      into.taxable_amount = sum([into.taxable_amount, from.taxable_amount]);
    }),
    total_excluding_tax: sum([total, -exclusiveTax, -inclusiveTax]),
    total,
    starting_balance,
    ending_balance: Math.min(0, owed),
    amount_due: Math.max(0, owed - pre_payment_credit_notes),
  };
}
