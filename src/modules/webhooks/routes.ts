import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createWebhookEndpointParams, listWebhookAttemptsParams, listWebhookEndpointsParams, updateWebhookEndpointParams } from './schemas.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookAttempts,
  listWebhookEndpoints,
  retrieveWebhookEndpoint,
  updateWebhookEndpoint,
} from './service.ts';

const tag = 'Webhook endpoints';

export const webhookEndpointRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/webhook_endpoints',
    returns: 'webhook_endpoint',
    tag,
    summary: 'Create a webhook endpoint; its signing secret is shown in this answer only',
    params: createWebhookEndpointParams,
    handle: (ctx, p) => createWebhookEndpoint(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/webhook_endpoints/:id',
    returns: 'webhook_endpoint',
    tag,
    summary: 'Retrieve a webhook endpoint',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveWebhookEndpoint(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/webhook_endpoints/:id',
    returns: 'webhook_endpoint',
    tag,
    summary: 'Update a webhook endpoint; disabled=true pauses its pending deliveries until it is enabled again',
    params: updateWebhookEndpointParams,
    handle: (ctx, p, path) => updateWebhookEndpoint(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    returns: 'webhook_endpoint',
    tag,
    summary: 'Delete a webhook endpoint',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => deleteWebhookEndpoint(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/webhook_endpoints',
    returns: { list: 'webhook_endpoint' },
    tag,
    summary: 'List webhook endpoints, newest first',
    params: listWebhookEndpointsParams,
    handle: (ctx, p) => listWebhookEndpoints(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/webhook_endpoints/:id/attempts',
    returns: { list: 'webhook_endpoint.attempt' },
    tag,
    summary: 'List the delivery attempts to a webhook endpoint, newest first (a Bursar extension)',
    params: listWebhookAttemptsParams,
    handle: (ctx, p, path) => listWebhookAttempts(ctx, path.id, p, p.event),
  }),
];
