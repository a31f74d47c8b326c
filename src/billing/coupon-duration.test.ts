import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { couponApplies, discountEnd } from './coupon-duration.ts';
import { addInterval } from './periods.ts';

const at = (iso: string): number => Date.parse(iso) / 1000;

describe('discountEnd', () => {
  it('ends a repeating discount whole calendar months after it started, clamped to month end', () => {
    assert.equal(discountEnd({ duration: 'repeating', duration_in_months: 3 }, at('2024-01-15T09:00:00Z')), at('2024-04-15T09:00:00Z'));
    assert.equal(discountEnd({ duration: 'repeating', duration_in_months: 1 }, at('2024-01-31T00:00:00Z')), at('2024-02-29T00:00:00Z'));
    assert.equal(discountEnd({ duration: 'once' }, 0), null);
    assert.equal(discountEnd({ duration: 'forever' }, 0), null);
  });

  it('needs a positive whole duration_in_months for repeating', () => {
    assert.throws(() => discountEnd({ duration: 'repeating' }, 0), RangeError);
    assert.throws(() => discountEnd({ duration: 'repeating', duration_in_months: 0 }, 0), RangeError);
  });
});

describe('couponApplies', () => {
  const start = at('2024-01-15T09:00:00Z');
  const monthly = (n: number) => addInterval(start, 'month', 1, n);

  it('covers the invoices of the first 3 monthly periods with a 3-month repeating coupon, not the 4th', () => {
    const coupon = { duration: 'repeating', duration_in_months: 3 } as const;
    const applies = [0, 1, 2, 3, 4].map((n) => couponApplies(coupon, { discountStart: start, periodStart: monthly(n), invoicesDiscounted: n }));
    // Periods start Jan 15, Feb 15, Mar 15 (before Apr 15) → yes; Apr 15, May 15 → no.
    assert.deepEqual(applies, [true, true, true, false, false]);
  });

  it('stops a repeating coupon one second after its end but not one second before', () => {
    const coupon = { duration: 'repeating', duration_in_months: 3 } as const;
    const end = at('2024-04-15T09:00:00Z');
    assert.equal(couponApplies(coupon, { discountStart: start, periodStart: end - 1, invoicesDiscounted: 3 }), true);
    assert.equal(couponApplies(coupon, { discountStart: start, periodStart: end, invoicesDiscounted: 3 }), false);
  });

  it('discounts only the first invoice of a yearly plan with a 3-month coupon, and two with 13 months', () => {
    const yearly = (n: number) => addInterval(start, 'year', 1, n);
    const three = { duration: 'repeating', duration_in_months: 3 } as const;
    const thirteen = { duration: 'repeating', duration_in_months: 13 } as const;
    assert.deepEqual([0, 1].map((n) => couponApplies(three, { discountStart: start, periodStart: yearly(n), invoicesDiscounted: n })), [true, false]);
    assert.deepEqual([0, 1, 2].map((n) => couponApplies(thirteen, { discountStart: start, periodStart: yearly(n), invoicesDiscounted: n })), [true, true, false]);
  });

  it('applies once to the first invoice only, and forever to every invoice', () => {
    assert.equal(couponApplies({ duration: 'once' }, { discountStart: start, periodStart: monthly(0), invoicesDiscounted: 0 }), true);
    assert.equal(couponApplies({ duration: 'once' }, { discountStart: start, periodStart: monthly(1), invoicesDiscounted: 1 }), false);
    assert.equal(couponApplies({ duration: 'forever' }, { discountStart: start, periodStart: monthly(120), invoicesDiscounted: 120 }), true);
  });
});
