import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { cancelRefundParams, createRefundParams, listRefundsParams, updateRefundParams } from './schemas.ts';
import { cancelRefund, createRefund, listRefunds, retrieveRefund, updateRefund } from './service.ts';

const tag = 'Refunds';
const returns = 'refund';

export const refundRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/refunds',
    returns,
    tag,
    summary: "Refund a succeeded charge (by charge or payment_intent), all that is left of it or `amount`, through the charge's processor",
    params: createRefundParams,
    handle: (ctx, p) => createRefund(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/refunds/:id',
    returns,
    tag,
    summary: 'Retrieve a refund',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveRefund(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/refunds/:id',
    returns,
    tag,
    summary: "Update a refund's metadata",
    params: updateRefundParams,
    handle: (ctx, p, path) => updateRefund(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/refunds',
    returns: { list: 'refund' },
    tag,
    summary: 'List refunds, newest first (by charge, payment_intent, created)',
    params: listRefundsParams,
    handle: (ctx, { charge, payment_intent, created, ...page }) => listRefunds(ctx, page, { charge, payment_intent, created }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/refunds/:id/cancel',
    returns,
    tag,
    summary: 'Cancel a refund waiting for customer action (requires_action), as Stripe; others are refused',
    params: cancelRefundParams,
    handle: (ctx, _p, path) => cancelRefund(ctx, path.id),
  }),
];
