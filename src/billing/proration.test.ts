import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prorate, prorateChanges, prorateItemChange, type ProrationItem } from './proration.ts';

const at = (iso: string): number => Date.parse(iso) / 1000;
const amounts = (lines: { amount: number; kind: string }[]) => lines.map((l) => [l.kind, l.amount]);

const basic: ProrationItem = { price: 'price_basic', unit_amount: 1000, quantity: 1 };
const pro: ProrationItem = { price: 'price_pro', unit_amount: 2000, quantity: 1 };
// April 2024: 30 days.
const april = { start: at('2024-04-01T00:00:00Z'), end: at('2024-05-01T00:00:00Z') };

describe('prorateItemChange', () => {
  it('upgrades $10/month → $20/month halfway through a 30-day period: −$5.00 and +$10.00', () => {
    const halfway = at('2024-04-16T00:00:00Z');
    assert.deepEqual(prorateItemChange(april, halfway, { before: basic, after: pro }), [
      { amount: -500, kind: 'unused_time', price: 'price_basic', unit_amount: 1000, quantity: 1, period: { start: halfway, end: april.end }, proration: true },
      { amount: 1000, kind: 'remaining_time', price: 'price_pro', unit_amount: 2000, quantity: 1, period: { start: halfway, end: april.end }, proration: true },
    ]);
  });

  it('prorates an odd split to the second: 11 days 7 hours into January', () => {
    // January 2024 is 31 days = 2 678 400 s. The change at Jan 12 07:00 is 11 d 7 h = 975 600 s in,
    // leaving 1 702 800 s; the unused fraction is 1 702 800 / 2 678 400 = 473/744.
    // Old: $29.99 × 1 = 2999 → 2999 × 473 / 744 = 1 418 527 / 744 = 1906.622… → −1907.
    // New: $49.99 × 2 seats = 9998 → 9998 × 473 / 744 = 4 729 054 / 744 = 6356.255… → +6356.
    const january = { start: at('2024-01-01T00:00:00Z'), end: at('2024-02-01T00:00:00Z') };
    const change = at('2024-01-12T07:00:00Z');
    const lines = prorateItemChange(january, change, {
      before: { price: 'price_team', unit_amount: 2999, quantity: 1 },
      after: { price: 'price_business', unit_amount: 4999, quantity: 2 },
    });
    assert.deepEqual(amounts(lines), [['unused_time', -1907], ['remaining_time', 6356]]);
    assert.deepEqual(lines[1].period, { start: change, end: january.end });
    assert.equal(lines[1].quantity, 2);
  });

  it('downgrades with a credit larger than the charge', () => {
    // $20 → $10 with a quarter of April left (7.5 days = 648 000 s of 2 592 000 s).
    const lines = prorateItemChange(april, at('2024-04-23T12:00:00Z'), { before: pro, after: basic });
    assert.deepEqual(amounts(lines), [['unused_time', -500], ['remaining_time', 250]]);
  });

  it('prorates a quantity change as the old quantity out and the new quantity in', () => {
    const halfway = at('2024-04-16T00:00:00Z');
    const lines = prorateItemChange(april, halfway, { before: { ...basic, quantity: 3 }, after: { ...basic, quantity: 5 } });
    assert.deepEqual(amounts(lines), [['unused_time', -1500], ['remaining_time', 2500]]);
    assert.deepEqual(lines.map((l) => l.quantity), [3, 5]);
  });

  it('credits only for a removed item and charges only for an added one', () => {
    const halfway = at('2024-04-16T00:00:00Z');
    assert.deepEqual(amounts(prorateItemChange(april, halfway, { before: pro, after: null })), [['unused_time', -1000]]);
    assert.deepEqual(amounts(prorateItemChange(april, halfway, { before: null, after: pro })), [['remaining_time', 1000]]);
  });

  it('prorates nothing at the period start or for an unchanged item', () => {
    assert.deepEqual(prorateItemChange(april, april.start, { before: basic, after: pro }), []);
    // Unless the cycle restarts there (a change of interval): April was billed and none of it is used.
    assert.deepEqual(amounts(prorateItemChange(april, april.start, { before: basic, after: null }, { restart: true })), [['unused_time', -1000]]);
    assert.deepEqual(prorateItemChange(april, april.start + 1, { before: basic, after: { ...basic } }), []);
  });

  it('rounds each line on its own, halves away from zero, so equal amounts cancel', () => {
    // 101 halfway = 50.5 → 51 either way.
    const halfway = at('2024-04-16T00:00:00Z');
    const same = { price: 'price_a', unit_amount: 101, quantity: 1 };
    const lines = prorateItemChange(april, halfway, { before: same, after: { ...same, price: 'price_b' } });
    assert.deepEqual(amounts(lines), [['unused_time', -51], ['remaining_time', 51]]);
  });

  it('needs the change inside [start, end) and whole quantities', () => {
    assert.throws(() => prorateItemChange(april, april.end, { before: basic, after: pro }), RangeError);
    assert.throws(() => prorateItemChange(april, april.start - 1, { before: basic, after: pro }), RangeError);
    assert.throws(() => prorateItemChange(april, april.start + 5, { before: basic, after: { ...pro, quantity: 1.5 } }), RangeError);
    assert.throws(() => prorate(100, { start: 10, end: 10 }, 10), RangeError);
  });
});

describe('prorate', () => {
  it('keeps a whole amount one second in, and a sliver one second before the end', () => {
    // 1 000 000 × 2 591 999 / 2 592 000 = 999 999.61… → 1 000 000; × 1 / 2 592 000 = 0.39 → 0.
    assert.equal(prorate(1_000_000, april, april.start + 1), 1_000_000);
    assert.equal(prorate(1_000_000, april, april.end - 1), 0);
    // Zero-decimal currencies use the same integers: ¥1 000 for a third of April (10 days) → 333.33… → 333.
    assert.equal(prorate(1000, april, at('2024-04-21T00:00:00Z')), 333);
  });
});

describe('prorateChanges', () => {
  it('concatenates the lines of every changed item in order', () => {
    const halfway = at('2024-04-16T00:00:00Z');
    const lines = prorateChanges(april, halfway, [
      { before: basic, after: pro },
      { before: null, after: { price: 'price_addon', unit_amount: 300, quantity: 2 } },
      { before: basic, after: basic },
    ]);
    assert.deepEqual(amounts(lines), [['unused_time', -500], ['remaining_time', 1000], ['remaining_time', 300]]);
    assert.deepEqual(lines.map((l) => l.price), ['price_basic', 'price_pro', 'price_addon']);
  });
});
