import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createPlanParams, listPlansParams, updatePlanParams } from './schemas.ts';
import { createPlan, deletePlan, listPlans, retrievePlan, updatePlan } from './service.ts';

const tag = 'Plans';

// The older view of recurring prices: a plan id is a price id, and the other way round.
export const planRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/plans',
    returns: 'plan',
    tag,
    summary: 'Create a plan: a recurring price, of an existing product or a new one (product[name])',
    params: createPlanParams,
    handle: (ctx, p) => createPlan(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/plans/:id',
    cacheable: true,
    returns: 'plan',
    tag,
    summary: 'Retrieve a plan (any recurring price)',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrievePlan(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/plans/:id',
    returns: 'plan',
    tag,
    summary: 'Update a plan: active, nickname, metadata, trial_period_days, and its product until a subscription bills it',
    params: updatePlanParams,
    handle: (ctx, p, path) => updatePlan(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/plans/:id',
    returns: 'plan',
    tag,
    summary: 'Delete a plan: no new subscriptions; those holding it bill on',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => deletePlan(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/plans',
    returns: { list: 'plan' },
    tag,
    summary: 'List plans (recurring prices), newest first',
    params: listPlansParams,
    handle: (ctx, p) => listPlans(ctx, p, { active: p.active, created: p.created, product: p.product }),
  }),
];
