import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { deleteCustomersOnClock } from '../customers/service.ts';
import { runClockSteps, type ClockStepSource } from '../subscriptions/due.ts';
import { toTestClockObject, type TestClockObject } from './object.ts';
import { deleteTestClockRow, findTestClock, insertTestClock, listTestClockRows, updateTestClockRow, type TestClockRow } from './repository.ts';
import type { CreateTestClockParams } from './schemas.ts';

/** A clock is deleted with everything on it 30 days after its creation, as in Stripe. */
const LIFETIME_SECONDS = 30 * 24 * 60 * 60;

function requireTestMode(ctx: Ctx): void {
  if (ctx.scope.livemode) throw BursarError.invalid('Test clocks are available in test mode only: use a test key (sk_test_…).');
}

/** A test clock of the caller's scope, or Stripe's 404 naming `param`. */
export async function requireTestClock(ctx: Ctx, id: string, param = 'test_clock'): Promise<TestClockRow> {
  requireTestMode(ctx);
  const row = await findTestClock(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('test clock', id, param);
  return row;
}

/** The time as objects on this clock see it: its frozen time, or real time without a clock. */
export async function timeOn(ctx: Ctx, testClock: string | null): Promise<number> {
  return testClock === null ? ctx.clock.now() : (await requireTestClock(ctx, testClock)).frozen_time;
}

export async function createTestClock(ctx: Ctx, p: CreateTestClockParams): Promise<TestClockObject> {
  requireTestMode(ctx);
  const created = ctx.clock.now();
  const row = await insertTestClock(ctx.db, {
    id: newId('clock'),
    project_id: ctx.scope.projectId,
    livemode: 0,
    created,
    name: p.name ?? null,
    frozen_time: p.frozen_time,
    status: 'ready',
    deletes_after: created + LIFETIME_SECONDS,
  });
  const object = toTestClockObject(row);
  await recordEvent(ctx, 'test_helpers.test_clock.created', object);
  return object;
}

export async function retrieveTestClock(ctx: Ctx, id: string): Promise<TestClockObject> {
  return toTestClockObject(await requireTestClock(ctx, id, 'id'));
}

/**
 * Moves a clock forward. Time only moves forward: Stripe refuses going back, and so do we.
 * Stripe answers `advancing` and later reports `ready`; Bursar moves the clock within the
 * request, so it answers with the clock already `ready` and records both events. `sources`:
 * work besides the subscriptions' own (schedules), run in time order with it.
 */
export async function advanceTestClock(ctx: Ctx, id: string, frozenTime: number, sources: readonly ClockStepSource[] = []): Promise<TestClockObject> {
  const row = await requireTestClock(ctx, id, 'id');
  if (frozenTime <= row.frozen_time) {
    throw BursarError.invalid(
      `The frozen_time must be after the clock's current frozen_time (${row.frozen_time}).`,
      'frozen_time',
    );
  }
  const advancing = await updateTestClockRow(ctx.db, ctx.scope, id, { frozen_time: frozenTime, status: 'advancing' });
  await recordEvent(ctx, 'test_helpers.test_clock.advancing', toTestClockObject(advancing), toTestClockObject(row));
  // Renewals, trial ends, retries and cancellations due by the new time, in time order.
  await runClockSteps(ctx, id, row.frozen_time, frozenTime, ctx.dunning, sources);
  const ready = await updateTestClockRow(ctx.db, ctx.scope, id, { status: 'ready' });
  const object = toTestClockObject(ready);
  await recordEvent(ctx, 'test_helpers.test_clock.ready', object, toTestClockObject(advancing));
  return object;
}

/** Deletes a clock and, as Stripe does, the customers living on it. */
export async function deleteTestClock(ctx: Ctx, id: string): Promise<{ id: string; object: 'test_helpers.test_clock'; deleted: true }> {
  const row = await requireTestClock(ctx, id, 'id');
  await deleteCustomersOnClock(ctx, id);
  await deleteTestClockRow(ctx.db, ctx.scope, id);
  await recordEvent(ctx, 'test_helpers.test_clock.deleted', toTestClockObject(row));
  return { id, object: 'test_helpers.test_clock', deleted: true };
}

export async function listTestClocks(ctx: Ctx, page: Page) {
  requireTestMode(ctx);
  const { rows, hasMore } = await listTestClockRows(ctx.db, ctx.scope, page);
  return listObject('/v1/test_helpers/test_clocks', rows.map(toTestClockObject), hasMore);
}
