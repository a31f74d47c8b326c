import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { listEventsParams } from './schemas.ts';
import { listEventObjects, retrieveEvent } from './service.ts';

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    path: '/v1/events',
    returns: { list: 'event' },
    tag: 'Events',
    summary: 'List events of the last 30 days, newest first',
    params: listEventsParams,
    handle: (ctx, p) => listEventObjects(ctx, p, { type: p.type, types: p.types, created: p.created, deliverySuccess: p.delivery_success }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/events/:id',
    returns: 'event',
    tag: 'Events',
    summary: 'Retrieve an event',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveEvent(ctx, path.id),
  }),
];
