import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY_DELAYS, nextRetryAt, retryTimes } from './retry-schedule.ts';

const at = (iso: string): number => Date.parse(iso) / 1000;
const iso = (t: number | null): string | null => (t === null ? null : new Date(t * 1000).toISOString().replace('.000', ''));

describe('retry schedule', () => {
  const failed = at('2024-02-27T14:05:00Z');

  it('retries by default 3, 5 and 7 days after the attempt before: days 3, 8 and 15, across the leap day', () => {
    assert.deepEqual(DEFAULT_RETRY_DELAYS, [259_200, 432_000, 604_800]);
    assert.deepEqual(retryTimes(failed).map(iso), ['2024-03-01T14:05:00Z', '2024-03-06T14:05:00Z', '2024-03-13T14:05:00Z']);
  });

  it('gives the next attempt for each attempt count, then null when the attempts are used up', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => iso(nextRetryAt(failed, n))), [
      '2024-03-01T14:05:00Z',
      '2024-03-06T14:05:00Z',
      '2024-03-13T14:05:00Z',
      null,
      null,
    ]);
  });

  it('follows a configured list, including a single retry or none at all', () => {
    const hours = [3600, 6 * 3600, 24 * 3600];
    assert.deepEqual(retryTimes(0, hours), [3600, 25_200, 111_600]);
    assert.equal(nextRetryAt(0, 3, hours), 111_600);
    assert.equal(nextRetryAt(0, 1, [86_400]), 86_400);
    assert.equal(nextRetryAt(0, 2, [86_400]), null);
    assert.equal(nextRetryAt(0, 1, []), null);
  });

  it('rejects bad delays and attempt counts', () => {
    assert.throws(() => retryTimes(0, [0]), RangeError);
    assert.throws(() => retryTimes(0, [-86_400]), RangeError);
    assert.throws(() => retryTimes(0, [1.5]), RangeError);
    assert.throws(() => nextRetryAt(0, 0), RangeError);
  });
});
