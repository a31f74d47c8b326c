import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createConfigurationParams, listConfigurationsParams, updateConfigurationParams } from './schemas.ts';
import { createConfiguration, listConfigurations, retrieveConfiguration, updateConfiguration } from './service.ts';

const tag = 'Customer portal';

export const portalConfigurationRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/billing_portal/configurations',
    returns: 'billing_portal.configuration',
    tag,
    summary: 'Create a portal configuration: features, business profile, and Bursar\'s branding and embedding.allowed_origins',
    params: createConfigurationParams,
    handle: (ctx, p) => createConfiguration(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/billing_portal/configurations/:id',
    returns: 'billing_portal.configuration',
    tag,
    summary: 'Retrieve a portal configuration',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveConfiguration(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/billing_portal/configurations/:id',
    returns: 'billing_portal.configuration',
    tag,
    summary: 'Update a portal configuration (the fields given; the default one cannot be deactivated)',
    params: updateConfigurationParams,
    handle: (ctx, p, path) => updateConfiguration(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/billing_portal/configurations',
    returns: { list: 'billing_portal.configuration' },
    tag,
    summary: 'List portal configurations, newest first (the default one exists from the first use)',
    params: listConfigurationsParams,
    handle: (ctx, p) => listConfigurations(ctx, p, { active: p.active, is_default: p.is_default }),
  }),
];
