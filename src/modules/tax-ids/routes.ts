import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createOwnedTaxIdParams, createTaxIdParams, listOwnedTaxIdsParams, listTaxIdsParams } from './schemas.ts';
import { createOwnedTaxId, createTaxId, deleteAnyTaxId, deleteTaxId, listOwnedTaxIds, listTaxIds, retrieveAnyTaxId, retrieveTaxId } from './service.ts';

const tag = 'Customer tax IDs';

export const taxIdRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/customers/:id/tax_ids',
    returns: 'tax_id',
    tag,
    summary: "Add a tax ID to a customer (its value checked against the type's format)",
    params: createTaxIdParams,
    handle: (ctx, p, path) => createTaxId(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:id/tax_ids/:tax_id',
    cacheable: true,
    returns: 'tax_id',
    tag,
    summary: "Retrieve one of a customer's tax IDs",
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveTaxId(ctx, path.id, path.tax_id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:id/tax_ids',
    returns: { list: 'tax_id' },
    tag,
    summary: "List a customer's tax IDs, newest first",
    params: listTaxIdsParams,
    handle: (ctx, p, path) => listTaxIds(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/customers/:id/tax_ids/:tax_id',
    returns: 'tax_id',
    tag,
    summary: "Delete one of a customer's tax IDs",
    params: z.strictObject({}),
    handle: (ctx, _p, path) => deleteTaxId(ctx, path.id, path.tax_id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/tax_ids',
    returns: 'tax_id',
    tag,
    summary: 'Add a tax ID to the customer owner[customer] names (owner[type]=customer; other owners are not supported)',
    params: createOwnedTaxIdParams,
    handle: (ctx, p) => createOwnedTaxId(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/tax_ids/:id',
    cacheable: true,
    returns: 'tax_id',
    tag,
    summary: "Retrieve a tax ID of any of the project's customers",
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveAnyTaxId(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/tax_ids',
    returns: { list: 'tax_id' },
    tag,
    summary: 'List the tax IDs of the customer owner[customer] names, newest first',
    params: listOwnedTaxIdsParams,
    handle: (ctx, p) => listOwnedTaxIds(ctx, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/tax_ids/:id',
    returns: 'tax_id',
    tag,
    summary: "Delete a tax ID of any of the project's customers",
    params: z.strictObject({}),
    handle: (ctx, _p, path) => deleteAnyTaxId(ctx, path.id),
  }),
];
