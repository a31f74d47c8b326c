import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { listDisputesParams } from './schemas.ts';
import { listDisputes, retrieveDispute } from './service.ts';

const tag = 'Disputes';

/** Disputes are answered at the processor (its dashboard): Bursar records and shows them. */
export const disputeRoutes = [
  defineRoute({
    method: 'GET',
    path: '/v1/disputes/:id',
    returns: 'dispute',
    tag,
    summary: 'Retrieve a dispute of a charge, as the processor reported it',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveDispute(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/disputes',
    returns: { list: 'dispute' },
    tag,
    summary: 'List disputes, newest first (by charge, payment_intent, created)',
    params: listDisputesParams,
    handle: (ctx, { charge, payment_intent, created, ...page }) => listDisputes(ctx, page, { charge, payment_intent, created }),
  }),
];
