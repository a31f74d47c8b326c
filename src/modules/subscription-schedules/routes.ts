import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { cancelScheduleParams, createScheduleParams, listSchedulesParams, releaseScheduleParams, updateScheduleParams } from './schemas.ts';
import { cancelSchedule } from './cancel.ts';
import { createSchedule } from './create.ts';
import { releaseSchedule } from './release.ts';
import { listSchedules, retrieveSchedule } from './service.ts';
import { updateSchedule } from './update.ts';

const tag = 'Subscription schedules';
const returns = 'subscription_schedule';

export const subscriptionScheduleRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/subscription_schedules',
    returns,
    tag,
    summary: 'Create a subscription schedule from phases (starting now or later) or from a running subscription (from_subscription)',
    params: createScheduleParams,
    handle: (ctx, p) => createSchedule(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/subscription_schedules/:id',
    cacheable: true,
    returns,
    tag,
    summary: 'Retrieve a subscription schedule',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveSchedule(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscription_schedules/:id',
    returns,
    tag,
    summary: "Update a schedule's phases (the current one applied now, prorated by proration_behavior), end_behavior, default_settings, metadata",
    params: updateScheduleParams,
    handle: (ctx, p, path) => updateSchedule(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscription_schedules/:id/cancel',
    returns,
    tag,
    summary: 'Cancel a schedule and its subscription now (invoice_now and prorate default to true)',
    params: cancelScheduleParams,
    handle: (ctx, p, path) => cancelSchedule(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscription_schedules/:id/release',
    returns,
    tag,
    summary: 'Release a schedule: its subscription goes on alone (preserve_cancel_date keeps the end the schedule set)',
    params: releaseScheduleParams,
    handle: (ctx, p, path) => releaseSchedule(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/subscription_schedules',
    returns: { list: 'subscription_schedule' },
    tag,
    summary: 'List subscription schedules, newest first (by customer, scheduled, created, canceled_at, completed_at, released_at)',
    params: listSchedulesParams,
    handle: (ctx, p) => listSchedules(ctx, p),
  }),
];
