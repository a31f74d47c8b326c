import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { divRound, toBig } from './div-round.ts';

describe('divRound', () => {
  it('rounds to the nearest integer, halves away from zero', () => {
    assert.equal(divRound(7n, 2n), 4); // 3.5
    assert.equal(divRound(-7n, 2n), -4); // −3.5
    assert.equal(divRound(5n, 2n), 3); // 2.5: not banker's rounding
    assert.equal(divRound(10n, 3n), 3); // 3.33…
    assert.equal(divRound(20n, 3n), 7); // 6.66…
    assert.equal(divRound(-20n, 3n), -7);
    assert.equal(divRound(20n, -3n), -7);
    assert.equal(divRound(0n, 5n), 0);
  });

  it('is exact where floating point is not', () => {
    // 1.005 × 100 is 100.49999… in binary floating point; 100 500 / 1000 is exactly 100.5 → 101.
    assert.equal(divRound(100_500n, 1_000n), 101);
    // 2^53 + 1 survives the multiplication that a double would round.
    assert.equal(divRound((2n ** 53n + 1n) * 3n, 3n * 4n), Math.round(2 ** 53 / 4));
  });

  it('refuses division by zero, unsafe results (a 400) and fractional amounts', () => {
    assert.throws(() => divRound(1n, 0n), RangeError);
    assert.throws(() => divRound(2n ** 60n, 1n), { status: 400, message: /past what can be computed exactly/ });
    assert.throws(() => toBig(2 ** 53), { status: 400, message: /past what can be computed exactly/ });
    assert.throws(() => toBig(1.5), RangeError);
    assert.equal(toBig(-42), -42n);
  });
});
