import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTotals, type TaxRate } from './totals.ts';

const salesTax: TaxRate = { id: 'txr_ca', percentage: 8.25, inclusive: false };
const vat20: TaxRate = { id: 'txr_vat20', percentage: 20, inclusive: true };

/** The headline numbers, in the order an invoice prints them. */
const headline = (t: ReturnType<typeof computeTotals>) => ({
  subtotal: t.subtotal,
  subtotal_excluding_tax: t.subtotal_excluding_tax,
  total_excluding_tax: t.total_excluding_tax,
  total: t.total,
  amount_due: t.amount_due,
});

describe('computeTotals', () => {
  it('adds exclusive tax on top: $20.00 at 8.25 % → $1.65 tax, $21.65 total', () => {
    const t = computeTotals({ currency: 'usd', lines: [{ amount: 2000 }], default_tax_rates: [salesTax] });
    assert.deepEqual(headline(t), { subtotal: 2000, subtotal_excluding_tax: 2000, total_excluding_tax: 2000, total: 2165, amount_due: 2165 });
    assert.deepEqual(t.total_tax_amounts, [{ tax_rate: 'txr_ca', amount: 165, inclusive: false, taxable_amount: 2000 }]);
    assert.deepEqual(t.lines[0], {
      amount: 2000,
      amount_excluding_tax: 2000,
      discount_amounts: [],
      tax_amounts: [{ tax_rate: 'txr_ca', amount: 165, inclusive: false, taxable_amount: 2000 }],
    });
  });

  it('rounds a percent discount once on the subtotal, spreads it over lines, then taxes each line', () => {
    // Subtotal 999 + 1499 = 2498; 15 % = 374.7 → 375 off.
    // Spread: 999 × 375 / 2498 = 149.97 and 1499 × 375 / 2498 = 225.03 → floors 149 + 225 = 374,
    // the last unit to the larger remainder (.97) → 150 and 225.
    // 20 % exclusive tax per line: 849 × 0.2 = 169.8 → 170; 1274 × 0.2 = 254.8 → 255; 425 in all.
    // Total 2498 − 375 + 425 = 2548.
    const vat: TaxRate = { id: 'txr_20', percentage: 20, inclusive: false };
    const t = computeTotals({
      currency: 'eur',
      lines: [{ amount: 999 }, { amount: 1499 }],
      discounts: [{ id: 'di_15', percent_off: 15 }],
      default_tax_rates: [vat],
    });
    assert.deepEqual(t.lines.map((l) => l.discount_amounts), [[{ discount: 'di_15', amount: 150 }], [{ discount: 'di_15', amount: 225 }]]);
    assert.deepEqual(t.lines.map((l) => l.tax_amounts[0].amount), [170, 255]);
    assert.deepEqual(t.total_discount_amounts, [{ discount: 'di_15', amount: 375 }]);
    assert.deepEqual(t.total_tax_amounts, [{ tax_rate: 'txr_20', amount: 425, inclusive: false, taxable_amount: 2123 }]);
    assert.deepEqual(headline(t), { subtotal: 2498, subtotal_excluding_tax: 2498, total_excluding_tax: 2123, total: 2548, amount_due: 2548 });
  });

  it('backs inclusive tax out of the amount: tax = amount − amount / (1 + rate)', () => {
    // €100.00 with 20 % VAT included, 10 % off: pays 9000, of which 9000 × 20/120 = 1500 is VAT.
    // Before the discount the line holds 10000 × 20/120 = 1666.67 → 1667 VAT, so 8333 without tax.
    const t = computeTotals({ currency: 'eur', lines: [{ amount: 10000, tax_rates: [vat20] }], discounts: [{ id: 'di_10', percent_off: 10 }] });
    assert.deepEqual(headline(t), { subtotal: 10000, subtotal_excluding_tax: 8333, total_excluding_tax: 7500, total: 9000, amount_due: 9000 });
    assert.deepEqual(t.total_tax_amounts, [{ tax_rate: 'txr_vat20', amount: 1500, inclusive: true, taxable_amount: 7500 }]);
    assert.equal(t.lines[0].amount_excluding_tax, 8333);
  });

  it('rounds inclusive tax to the nearest cent: €29.99 with 19 % VAT holds €4.79', () => {
    // 2999 × 19 / 119 = 478.83 → 479; 2520 net (2520 × 1.19 = 2998.80, so 479 is the nearer cent).
    const t = computeTotals({ currency: 'eur', lines: [{ amount: 2999 }], default_tax_rates: [{ id: 'txr_de', percentage: 19, inclusive: true }] });
    assert.deepEqual(t.total_tax_amounts, [{ tax_rate: 'txr_de', amount: 479, inclusive: true, taxable_amount: 2520 }]);
    assert.deepEqual(headline(t), { subtotal: 2999, subtotal_excluding_tax: 2520, total_excluding_tax: 2520, total: 2999, amount_due: 2999 });
  });

  it('backs several inclusive rates out of one amount with a shared divisor', () => {
    // 1000 with 10 % and 5 % included: net = 1000 / 1.15; taxes 1000 × 10/115 = 86.96 → 87 and 1000 × 5/115 = 43.48 → 43.
    const t = computeTotals({
      currency: 'cad',
      lines: [{ amount: 1000, tax_rates: [{ id: 'txr_a', percentage: 10, inclusive: true }, { id: 'txr_b', percentage: 5, inclusive: true }] }],
    });
    assert.deepEqual(t.lines[0].tax_amounts, [
      { tax_rate: 'txr_a', amount: 87, inclusive: true, taxable_amount: 870 },
      { tax_rate: 'txr_b', amount: 43, inclusive: true, taxable_amount: 870 },
    ]);
    assert.deepEqual([t.total, t.total_excluding_tax], [1000, 870]);
  });

  it('rounds each rate on each line, prefers line rates over the defaults, and sums per rate', () => {
    // Line 1: 1999 with state 6.25 % (124.94 → 125) and city 2 % (39.98 → 40).
    // Line 2: 1000 with the default 8.875 % (88.75 → 89, a half rounded up).
    const state: TaxRate = { id: 'txr_state', percentage: 6.25, inclusive: false };
    const city: TaxRate = { id: 'txr_city', percentage: 2, inclusive: false };
    const nyc: TaxRate = { id: 'txr_nyc', percentage: 8.875, inclusive: false };
    const t = computeTotals({ currency: 'usd', lines: [{ amount: 1999, tax_rates: [state, city] }, { amount: 1000 }], default_tax_rates: [nyc] });
    assert.deepEqual(t.total_tax_amounts, [
      { tax_rate: 'txr_state', amount: 125, inclusive: false, taxable_amount: 1999 },
      { tax_rate: 'txr_city', amount: 40, inclusive: false, taxable_amount: 1999 },
      { tax_rate: 'txr_nyc', amount: 89, inclusive: false, taxable_amount: 1000 },
    ]);
    assert.equal(t.total, 1999 + 1000 + 125 + 40 + 89);
  });

  it('caps an amount_off discount at the subtotal so the total never goes below zero', () => {
    const t = computeTotals({ currency: 'usd', lines: [{ amount: 500 }], discounts: [{ id: 'di_10usd', amount_off: 1000, currency: 'usd' }], default_tax_rates: [salesTax] });
    assert.deepEqual(t.total_discount_amounts, [{ discount: 'di_10usd', amount: 500 }]);
    assert.deepEqual(headline(t), { subtotal: 500, subtotal_excluding_tax: 500, total_excluding_tax: 0, total: 0, amount_due: 0 });
    assert.equal(t.total_tax_amounts[0].amount, 0);
  });

  it('spreads amount_off in proportion to the lines', () => {
    const t = computeTotals({ currency: 'usd', lines: [{ amount: 3000 }, { amount: 1000 }], discounts: [{ id: 'di', amount_off: 1000, currency: 'USD' }] });
    assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [750, 250]);
    assert.equal(t.total, 3000);
  });

  it('refuses an amount_off in another currency and a discount with both or neither amount', () => {
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 500 }], discounts: [{ id: 'di', amount_off: 100, currency: 'eur' }] }), /in eur, the invoice in usd/);
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 500 }], discounts: [{ id: 'di', amount_off: 100, percent_off: 5, currency: 'usd' }] }), RangeError);
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 500 }], discounts: [{ id: 'di' }] }), RangeError);
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 500 }], discounts: [{ id: 'di', percent_off: 120 }] }), RangeError);
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 5.5 }] }), RangeError);
  });

  it('applies several discounts in order, each to what the previous left', () => {
    // 50 % of 10000 = 5000; 20 % of the remaining 5000 = 1000; then $50 off the remaining 4000.
    const t = computeTotals({
      currency: 'usd',
      lines: [{ amount: 10000 }],
      discounts: [{ id: 'di_half', percent_off: 50 }, { id: 'di_20', percent_off: 20 }, { id: 'di_50usd', amount_off: 5000, currency: 'usd' }],
    });
    assert.deepEqual(t.total_discount_amounts, [
      { discount: 'di_half', amount: 5000 },
      { discount: 'di_20', amount: 1000 },
      { discount: 'di_50usd', amount: 4000 },
    ]);
    assert.equal(t.total, 0);
  });

  it('leaves non-discountable lines alone', () => {
    const t = computeTotals({ currency: 'usd', lines: [{ amount: 2000 }, { amount: 500, discountable: false }], discounts: [{ id: 'di', percent_off: 50 }] });
    assert.deepEqual(t.lines.map((l) => l.discount_amounts), [[{ discount: 'di', amount: 1000 }], []]);
    assert.equal(t.total, 1500);
  });

  it('discounts and taxes proration credits in proportion too', () => {
    // Lines −500 (unused time), 1000 (remaining time), 2000 (next period): subtotal 2500, 10 % = 250,
    // spread −50, 100, 200. Tax 10 % on −450, 900, 1800 = −45, 90, 180 = 225. Total 2500 − 250 + 225.
    const t = computeTotals({
      currency: 'usd',
      lines: [{ amount: -500 }, { amount: 1000 }, { amount: 2000 }],
      discounts: [{ id: 'di', percent_off: 10 }],
      default_tax_rates: [{ id: 'txr_10', percentage: 10, inclusive: false }],
    });
    assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [-50, 100, 200]);
    assert.deepEqual(t.lines.map((l) => l.tax_amounts[0].amount), [-45, 90, 180]);
    assert.equal(t.total, 2475);
  });

  it('applies the customer balance: credit lowers amount_due, debt raises it, unused credit remains', () => {
    const invoice = { currency: 'usd', lines: [{ amount: 2000 }], default_tax_rates: [salesTax] };
    const some = computeTotals({ ...invoice, starting_balance: -500 });
    assert.deepEqual([some.total, some.amount_due, some.ending_balance], [2165, 1665, 0]);
    const plenty = computeTotals({ ...invoice, starting_balance: -5000 });
    assert.deepEqual([plenty.amount_due, plenty.ending_balance], [0, -2835]);
    const owed = computeTotals({ ...invoice, starting_balance: 300 });
    assert.deepEqual([owed.amount_due, owed.ending_balance], [2465, 0]);
    // A net credit (a downgrade's proration) is owed to the customer as balance.
    const credit = computeTotals({ currency: 'usd', lines: [{ amount: -1000 }] });
    assert.deepEqual([credit.total, credit.amount_due, credit.ending_balance], [-1000, 0, -1000]);
  });

  it('needs no special case for zero-decimal currencies', () => {
    // ¥999 with 15 % off: 149.85 → ¥150 off; ¥849 with 10 % consumption tax included: 849 × 10/110 = 77.18 → ¥77.
    const t = computeTotals({
      currency: 'jpy',
      lines: [{ amount: 999 }],
      discounts: [{ id: 'di', percent_off: 15 }],
      default_tax_rates: [{ id: 'txr_jp', percentage: 10, inclusive: true }],
    });
    assert.deepEqual(headline(t), { subtotal: 999, subtotal_excluding_tax: 908, total_excluding_tax: 772, total: 849, amount_due: 849 });
    assert.equal(t.total_tax_amounts[0].amount, 77);
  });

  it('refuses totals past 2^53 − 1 with a 400 rather than rounding them', () => {
    const tooLarge = { status: 400, message: /past what can be computed exactly/ };
    // Each line is a safe integer; their sum, 2^53 + 1, is not, and a double would make it 2^53.
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 2 ** 53 - 1 }, { amount: 2 }] }), tooLarge);
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 2 ** 53 - 1 }], default_tax_rates: [salesTax] }), tooLarge);
    assert.throws(() => computeTotals({ currency: 'usd', lines: [{ amount: 2 ** 53 - 1 }], starting_balance: 1 }), tooLarge);
  });

  it('keeps the largest amounts exact through discounts and both kinds of tax', () => {
    const max = 99_999_999;
    const t = computeTotals({
      currency: 'usd',
      lines: [{ amount: max, tax_rates: [vat20] }, { amount: max, tax_rates: [salesTax] }],
      discounts: [{ id: 'di', amount_off: max, currency: 'usd' }],
    });
    // The discount splits 49,999,999.5 / 49,999,999.5 → 50,000,000 + 49,999,999; VAT is 1/6 of what is left, sales tax 8.25 %.
    assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [50_000_000, 49_999_999]);
    assert.deepEqual(t.lines.map((l) => l.tax_amounts[0].amount), [8_333_333, 4_125_000]);
    assert.deepEqual(headline(t), { subtotal: 2 * max, subtotal_excluding_tax: 2 * max - 16_666_667, total_excluding_tax: 2 * max - max - 8_333_333, total: max + 4_125_000, amount_due: max + 4_125_000 });
  });
});
