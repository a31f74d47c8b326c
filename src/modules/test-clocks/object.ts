import type { TestClockRow } from './repository.ts';

/** The test clock as Stripe shows it. */
export function toTestClockObject(row: TestClockRow) {
  return {
    id: row.id,
    object: 'test_helpers.test_clock' as const,
    created: row.created,
    deletes_after: row.deletes_after,
    frozen_time: row.frozen_time,
    livemode: row.livemode === 1,
    name: row.name,
    status: row.status,
    status_details: {},
  };
}

export type TestClockObject = ReturnType<typeof toTestClockObject>;
