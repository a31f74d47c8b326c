import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromScaled, toScaled } from './decimal.ts';

describe('scaled decimals', () => {
  it('reads decimal text and numbers exactly', () => {
    assert.equal(toScaled('12.5', 2), 1250);
    assert.equal(toScaled('0.01', 2), 1);
    assert.equal(toScaled(33.33, 2), 3333);
    assert.equal(toScaled('100', 4), 1_000_000);
    assert.equal(toScaled('7.1200', 2), 712, 'trailing zeros are not extra precision');
    assert.equal(toScaled(0.1 + 0.2, 2), undefined, 'a float artefact is refused, not rounded');
  });

  it('refuses what is not a plain decimal within the precision', () => {
    for (const bad of ['1.234', '-1', '1e2', '', '.5', '5.', 'abc', '1,5']) assert.equal(toScaled(bad, 2), undefined, bad);
    assert.equal(toScaled(1e-7, 4), undefined);
  });

  it('shows the number back as the same decimal', () => {
    for (const text of ['12.5', '0.01', '33.33', '19.9999', '100']) {
      assert.equal(String(fromScaled(toScaled(text, 4)!, 4)), text);
    }
  });
});
