import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createTaxIdParams, listTaxIdsParams } from './schemas.ts';
import { createTaxId, deleteTaxId, listTaxIds, retrieveTaxId } from './service.ts';

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
];
