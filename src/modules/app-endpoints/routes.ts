import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createCustomerKey, listCustomerApiKeys, revokeCustomerApiKey } from '../api-keys/customer-keys.ts';
import { createCustomerKeyParams, createEndpointParams, listCustomerKeysParams, listEndpointsParams, updateEndpointParams, updateSettingsParams } from './schemas.ts';
import { createEndpoint, deleteEndpoint, listEndpoints, retrieveEndpoint, retrieveSettings, updateEndpoint, updateSettings } from './service.ts';

const tag = 'App endpoints';
const none = z.strictObject({});

export const appEndpointRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/app_endpoints',
    returns: 'app_endpoint',
    tag,
    summary: 'Serve an app endpoint: a preset (e.g. bearer-data-envelope) and/or a contract, optionally at another path',
    params: createEndpointParams,
    handle: (ctx, p) => createEndpoint(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/app_endpoints/:id',
    returns: 'app_endpoint',
    tag,
    summary: 'Retrieve an app endpoint with its contract',
    params: none,
    handle: (ctx, _p, path) => retrieveEndpoint(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/app_endpoints/:id',
    returns: 'app_endpoint',
    tag,
    summary: 'Update an app endpoint: path, method, enabled, metadata, or contract fields (merged)',
    params: updateEndpointParams,
    handle: (ctx, p, path) => updateEndpoint(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/app_endpoints',
    returns: { list: 'app_endpoint' },
    tag,
    summary: 'List app endpoints, newest first',
    params: listEndpointsParams,
    handle: (ctx, p) => listEndpoints(ctx, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/app_endpoints/:id',
    returns: 'app_endpoint',
    tag,
    summary: 'Delete an app endpoint: its path answers 404 again',
    params: none,
    handle: (ctx, _p, path) => deleteEndpoint(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/app_endpoint_settings',
    returns: 'app_endpoint_settings',
    tag,
    summary: 'How app endpoints authenticate callers (JWT secret or JWKS, issuer, audience), find their customer and allow browser origins',
    params: none,
    handle: (ctx) => retrieveSettings(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/app_endpoint_settings',
    returns: 'app_endpoint_settings',
    tag,
    summary: 'Update the app endpoint settings of this mode (the fields given; "" clears one)',
    params: updateSettingsParams,
    handle: (ctx, p) => updateSettings(ctx, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/customer_api_keys',
    returns: 'customer_api_key',
    tag,
    summary: 'Issue a key for one customer (ck_test_…): it opens that customer\'s app endpoints only; the secret is shown once',
    params: createCustomerKeyParams,
    handle: (ctx, p) => createCustomerKey(ctx, p.customer),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customer_api_keys',
    returns: { list: 'customer_api_key' },
    tag,
    summary: 'List customer keys (redacted), optionally of one customer',
    params: listCustomerKeysParams,
    handle: (ctx, p) => listCustomerApiKeys(ctx, p, p.customer),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/customer_api_keys/:id',
    returns: 'customer_api_key',
    tag,
    summary: 'Revoke a customer key',
    params: none,
    handle: (ctx, _p, path) => revokeCustomerApiKey(ctx, path.id),
  }),
];
