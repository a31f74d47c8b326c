import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocate } from './allocate.ts';

describe('allocate', () => {
  it('splits proportionally when the split is exact', () => {
    assert.deepEqual(allocate(300, [1000, 2000]), [100, 200]);
  });

  it('gives leftover units to the largest remainders, ties to the earlier part', () => {
    // 100 over three equal parts: 33.33 each, one unit left → the first part.
    assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
    // 10 over 1:2:4 → 1.428…, 2.857…, 5.714…: floors 1, 2, 5 leave 2 → remainders .857 and .714 win.
    assert.deepEqual(allocate(10, [1, 2, 4]), [1, 3, 6]);
  });

  it('handles negative weights (credits) and still sums to the total', () => {
    // 500 over [2000, −1000]: exact shares 1000 and −500.
    assert.deepEqual(allocate(500, [2000, -1000]), [1000, -500]);
    // 7 over [3, −1]: 10.5 and −3.5 → floors 10 and −4, one unit left → the tie goes to the first.
    assert.deepEqual(allocate(7, [3, -1]), [11, -4]);
  });

  it('never loses or invents a unit', () => {
    for (let total = 0; total < 200; total += 7) {
      const shares = allocate(total, [333, 1, 17, 999, -50]);
      assert.equal(shares.reduce((a, b) => a + b, 0), total);
    }
  });

  it('rejects weights without a positive sum', () => {
    assert.throws(() => allocate(1, [1, -1]), RangeError);
    assert.throws(() => allocate(1, []), RangeError);
  });
});
