import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { cancelSetupIntentParams, confirmSetupIntentParams, createSetupIntentParams, listSetupIntentsParams, updateSetupIntentParams } from './schemas.ts';
import { cancelSetupIntent, confirmSetupIntent, createSetupIntent, listSetupIntents, retrieveSetupIntent, updateSetupIntent } from './service.ts';

const tag = 'Setup intents';

export const setupIntentRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/setup_intents',
    returns: 'setup_intent',
    tag,
    summary: 'Create a setup intent (save a card for later payments, authenticated when its bank asks)',
    params: createSetupIntentParams,
    handle: (ctx, p) => createSetupIntent(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/setup_intents/:id',
    returns: 'setup_intent',
    tag,
    summary: 'Retrieve a setup intent',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveSetupIntent(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/setup_intents/:id',
    returns: 'setup_intent',
    tag,
    summary: 'Update a setup intent',
    params: updateSetupIntentParams,
    handle: (ctx, p, path) => updateSetupIntent(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    returns: 'setup_intent',
    tag,
    summary: 'Confirm a setup intent with its card (or a new payment_method)',
    params: confirmSetupIntentParams,
    handle: (ctx, p, path) => confirmSetupIntent(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/setup_intents/:id/cancel',
    returns: 'setup_intent',
    tag,
    summary: 'Cancel a setup intent',
    params: cancelSetupIntentParams,
    handle: (ctx, p, path) => cancelSetupIntent(ctx, path.id, p.cancellation_reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/setup_intents',
    returns: { list: 'setup_intent' },
    tag,
    summary: 'List setup intents',
    params: listSetupIntentsParams,
    handle: (ctx, p) => listSetupIntents(ctx, p, { customer: p.customer, payment_method: p.payment_method }),
  }),
];
