import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { advanceTestClockParams, createTestClockParams, listTestClocksParams } from './schemas.ts';
import { advanceTestClock, createTestClock, deleteTestClock, listTestClocks, retrieveTestClock } from './service.ts';
import { scheduleClockSteps } from '../subscription-schedules/due.ts';

const tag = 'Test clocks';
const none = z.strictObject({});
const returns = 'test_helpers.test_clock';

export const testClockRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/test_helpers/test_clocks',
    returns,
    tag,
    summary: 'Create a test clock frozen at a time (test mode)',
    params: createTestClockParams,
    handle: (ctx, p) => createTestClock(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/test_helpers/test_clocks/:id',
    returns,
    tag,
    summary: 'Retrieve a test clock',
    params: none,
    handle: (ctx, _p, path) => retrieveTestClock(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/test_helpers/test_clocks/:id/advance',
    returns,
    tag,
    summary: 'Move a test clock forward to a later frozen_time',
    params: advanceTestClockParams,
    // Schedules on the clock start and change phase in time order with its subscriptions.
    handle: (ctx, p, path) => advanceTestClock(ctx, path.id, p.frozen_time, [scheduleClockSteps]),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/test_helpers/test_clocks/:id',
    returns,
    tag,
    summary: 'Delete a test clock and the customers on it',
    params: none,
    handle: (ctx, _p, path) => deleteTestClock(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/test_helpers/test_clocks',
    returns: { list: returns },
    tag,
    summary: 'List test clocks, newest first',
    params: listTestClocksParams,
    handle: (ctx, p) => listTestClocks(ctx, p),
  }),
];
