import { defineRoute } from '../../api/route.ts';
import { createSessionParams } from './schemas.ts';
import { createSession } from './service.ts';

export const portalSessionRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/billing_portal/sessions',
    returns: 'billing_portal.session',
    tag: 'Customer portal',
    summary: 'Create a portal session: a one-time link (url) into the hosted portal for a customer, valid until expires_at',
    params: createSessionParams,
    handle: (ctx, p) => createSession(ctx, p),
  }),
];
