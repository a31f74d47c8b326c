import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addInterval,
  anchorAfterPriceChange,
  anchorAfterTrial,
  initialAnchor,
  nextPeriodEnd,
  periodContaining,
  type Interval,
} from './periods.ts';

/** ISO string → unix seconds; expectations below are written out by hand as dates. */
const at = (iso: string): number => Date.parse(iso) / 1000;
const iso = (t: number): string => new Date(t * 1000).toISOString().replace('.000', '');
const boundaries = (anchor: number, interval: Interval, count: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => iso(addInterval(anchor, interval, count, i)));

describe('addInterval', () => {
  it('walks 13 monthly boundaries from Jan 31 2024 across the leap day and back to month ends', () => {
    assert.deepEqual(boundaries(at('2024-01-31T10:20:30Z'), 'month', 1, 14), [
      '2024-01-31T10:20:30Z',
      '2024-02-29T10:20:30Z',
      '2024-03-31T10:20:30Z',
      '2024-04-30T10:20:30Z',
      '2024-05-31T10:20:30Z',
      '2024-06-30T10:20:30Z',
      '2024-07-31T10:20:30Z',
      '2024-08-31T10:20:30Z',
      '2024-09-30T10:20:30Z',
      '2024-10-31T10:20:30Z',
      '2024-11-30T10:20:30Z',
      '2024-12-31T10:20:30Z',
      '2025-01-31T10:20:30Z',
      '2025-02-28T10:20:30Z',
    ]);
  });

  it('keeps the 30th after February instead of drifting to the 28th', () => {
    assert.deepEqual(boundaries(at('2025-01-30T00:00:00Z'), 'month', 1, 4), [
      '2025-01-30T00:00:00Z',
      '2025-02-28T00:00:00Z',
      '2025-03-30T00:00:00Z',
      '2025-04-30T00:00:00Z',
    ]);
  });

  it('takes a yearly Feb 29 anchor to Feb 28 in common years and back to Feb 29 in 2028', () => {
    assert.deepEqual(boundaries(at('2024-02-29T23:59:59Z'), 'year', 1, 6), [
      '2024-02-29T23:59:59Z',
      '2025-02-28T23:59:59Z',
      '2026-02-28T23:59:59Z',
      '2027-02-28T23:59:59Z',
      '2028-02-29T23:59:59Z',
      '2029-02-28T23:59:59Z',
    ]);
  });

  it('honours interval_count for months, years, weeks and days', () => {
    assert.deepEqual(boundaries(at('2023-11-30T08:00:00Z'), 'month', 3, 5), [
      '2023-11-30T08:00:00Z',
      '2024-02-29T08:00:00Z',
      '2024-05-30T08:00:00Z',
      '2024-08-30T08:00:00Z',
      '2024-11-30T08:00:00Z',
    ]);
    assert.deepEqual(boundaries(at('2024-02-29T12:00:00Z'), 'year', 2, 3), [
      '2024-02-29T12:00:00Z',
      '2026-02-28T12:00:00Z',
      '2028-02-29T12:00:00Z',
    ]);
    // Every other Friday.
    assert.deepEqual(boundaries(at('2024-06-07T09:00:00Z'), 'week', 2, 4), [
      '2024-06-07T09:00:00Z',
      '2024-06-21T09:00:00Z',
      '2024-07-05T09:00:00Z',
      '2024-07-19T09:00:00Z',
    ]);
    // Every 10 days across the leap day: Feb 25 + 10 = Mar 6 (26, 27, 28, 29, then Mar 1–6).
    assert.deepEqual(boundaries(at('2024-02-25T18:30:00Z'), 'day', 10, 3), [
      '2024-02-25T18:30:00Z',
      '2024-03-06T18:30:00Z',
      '2024-03-16T18:30:00Z',
    ]);
    assert.equal(iso(addInterval(at('2024-03-30T01:00:00Z'), 'day', 1, 1)), '2024-03-31T01:00:00Z');
  });

  it('goes back from the anchor with negative n, clamping the same way', () => {
    const anchor = at('2024-03-31T00:00:00Z');
    assert.equal(iso(addInterval(anchor, 'month', 1, -1)), '2024-02-29T00:00:00Z');
    assert.equal(iso(addInterval(anchor, 'month', 1, -13)), '2023-02-28T00:00:00Z');
    assert.equal(iso(addInterval(anchor, 'week', 1, -1)), '2024-03-24T00:00:00Z');
  });

  it('rejects a count or index that is not a whole number', () => {
    assert.throws(() => addInterval(0, 'month', 0, 1), RangeError);
    assert.throws(() => addInterval(0, 'day', 1.5, 1), RangeError);
    assert.throws(() => addInterval(0, 'day', 1, 0.5), RangeError);
  });
});

describe('periodContaining and nextPeriodEnd', () => {
  const anchor = at('2024-01-31T10:20:30Z');

  it('finds the clamped period that holds a time', () => {
    const p = periodContaining(anchor, 'month', 1, at('2024-03-15T00:00:00Z'));
    assert.deepEqual([iso(p.start), iso(p.end)], ['2024-02-29T10:20:30Z', '2024-03-31T10:20:30Z']);
  });

  it('treats periods as half-open: a boundary belongs to the period it starts', () => {
    const onBoundary = periodContaining(anchor, 'month', 1, at('2024-02-29T10:20:30Z'));
    assert.equal(iso(onBoundary.start), '2024-02-29T10:20:30Z');
    const justBefore = periodContaining(anchor, 'month', 1, at('2024-02-29T10:20:29Z'));
    assert.deepEqual([iso(justBefore.start), iso(justBefore.end)], ['2024-01-31T10:20:30Z', '2024-02-29T10:20:30Z']);
    assert.equal(iso(nextPeriodEnd(anchor, 'month', 1, at('2024-02-29T10:20:30Z'))), '2024-03-31T10:20:30Z');
    assert.equal(iso(nextPeriodEnd(anchor, 'month', 1, at('2024-02-29T10:20:29Z'))), '2024-02-29T10:20:30Z');
  });

  it('respects the time of day when the calendar month has already turned', () => {
    const late = at('2024-01-31T23:00:00Z');
    const p = periodContaining(late, 'month', 1, at('2024-02-29T22:00:00Z'));
    assert.deepEqual([iso(p.start), iso(p.end)], ['2024-01-31T23:00:00Z', '2024-02-29T23:00:00Z']);
  });

  it('extends periods backwards before the anchor', () => {
    const p = periodContaining(anchor, 'month', 1, at('2024-01-15T00:00:00Z'));
    assert.deepEqual([iso(p.start), iso(p.end)], ['2023-12-31T10:20:30Z', '2024-01-31T10:20:30Z']);
  });

  it('works for weekly and yearly intervals with counts', () => {
    const w = periodContaining(at('2024-06-07T09:00:00Z'), 'week', 2, at('2024-07-04T00:00:00Z'));
    assert.deepEqual([iso(w.start), iso(w.end)], ['2024-06-21T09:00:00Z', '2024-07-05T09:00:00Z']);
    const y = periodContaining(at('2024-02-29T00:00:00Z'), 'year', 1, at('2027-03-01T00:00:00Z'));
    assert.deepEqual([iso(y.start), iso(y.end)], ['2027-02-28T00:00:00Z', '2028-02-29T00:00:00Z']);
  });

  it('agrees with a plain walk over the boundaries for many times', () => {
    const cases: [Interval, number][] = [['day', 3], ['week', 1], ['month', 1], ['month', 5], ['year', 1]];
    for (const [interval, count] of cases) {
      const walked = Array.from({ length: 80 }, (_, i) => addInterval(anchor, interval, count, i - 20));
      for (let i = 0; i < 300; i++) {
        const t = walked[1] + Math.floor(((walked[78] - walked[1]) * i) / 300) + (i % 7) * 3_607;
        const k = walked.findIndex((b, j) => b <= t && t < walked[j + 1]);
        assert.deepEqual(periodContaining(anchor, interval, count, t), { start: walked[k], end: walked[k + 1] }, `${interval}×${count} at ${iso(t)}`);
      }
    }
  });
});

describe('anchors', () => {
  it('defaults to the start, then the trial end, then an explicit anchor', () => {
    const start = at('2024-01-10T12:00:00Z');
    assert.equal(initialAnchor({ start }), start);
    const trialEnd = at('2024-01-24T12:00:00Z');
    assert.equal(initialAnchor({ start, trialEnd }), trialEnd);
    const explicit = at('2024-02-01T00:00:00Z');
    assert.equal(initialAnchor({ start, trialEnd, billingCycleAnchor: explicit }), explicit);
    assert.throws(() => initialAnchor({ start, trialEnd: start - 1 }), RangeError);
    assert.throws(() => initialAnchor({ start, billingCycleAnchor: start - 1 }), RangeError);
  });

  it('bills monthly from the trial end after a 14-day trial', () => {
    const anchor = initialAnchor({ start: at('2024-01-10T12:00:00Z'), trialEnd: at('2024-01-24T12:00:00Z') });
    assert.deepEqual(boundaries(anchor, 'month', 1, 3), ['2024-01-24T12:00:00Z', '2024-02-24T12:00:00Z', '2024-03-24T12:00:00Z']);
    const endedEarly = anchorAfterTrial(at('2024-01-17T08:00:00Z'));
    assert.equal(iso(nextPeriodEnd(endedEarly, 'month', 1, endedEarly)), '2024-02-17T08:00:00Z');
  });

  it('restarts the cycle when the interval or its count changes, and keeps it otherwise', () => {
    const anchor = at('2024-01-31T00:00:00Z');
    const changedAt = at('2024-03-10T12:00:00Z');
    const monthly = { interval: 'month', interval_count: 1 } as const;
    const yearly = anchorAfterPriceChange(anchor, monthly, { interval: 'year', interval_count: 1 }, changedAt);
    assert.equal(yearly, changedAt);
    assert.equal(iso(nextPeriodEnd(yearly, 'year', 1, changedAt)), '2025-03-10T12:00:00Z');
    assert.equal(anchorAfterPriceChange(anchor, monthly, { interval: 'month', interval_count: 3 }, changedAt), changedAt);
    assert.equal(anchorAfterPriceChange(anchor, monthly, { interval: 'month', interval_count: 1 }, changedAt), anchor);
  });
});
