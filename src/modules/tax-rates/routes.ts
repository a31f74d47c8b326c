import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createTaxRateParams, listTaxRatesParams, updateTaxRateParams } from './schemas.ts';
import { createTaxRate, listTaxRates, retrieveTaxRate, updateTaxRate } from './service.ts';

const tag = 'Tax rates';

// No DELETE: as in Stripe, a tax rate is archived (active=false), never deleted.
export const taxRateRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/tax_rates',
    returns: 'tax_rate',
    tag,
    summary: 'Create a tax rate (a percentage, inclusive or exclusive)',
    params: createTaxRateParams,
    handle: (ctx, p) => createTaxRate(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/tax_rates/:id',
    cacheable: true,
    returns: 'tax_rate',
    tag,
    summary: 'Retrieve a tax rate',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveTaxRate(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/tax_rates/:id',
    returns: 'tax_rate',
    tag,
    summary: 'Update a tax rate (its percentage and inclusive never change)',
    params: updateTaxRateParams,
    handle: (ctx, p, path) => updateTaxRate(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/tax_rates',
    returns: { list: 'tax_rate' },
    tag,
    summary: 'List tax rates, newest first',
    params: listTaxRatesParams,
    handle: (ctx, p) => listTaxRates(ctx, p, { active: p.active, inclusive: p.inclusive, created: p.created }),
  }),
];
