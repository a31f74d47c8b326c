import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createPromotionCodeParams, listPromotionCodesParams, updatePromotionCodeParams } from './schemas.ts';
import { createPromotionCode, listPromotionCodes, retrievePromotionCode, updatePromotionCode } from './service.ts';

const tag = 'Promotion codes';

// No DELETE: as in Stripe, a promotion code is deactivated (active=false), never deleted.
export const promotionCodeRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/promotion_codes',
    returns: 'promotion_code',
    tag,
    summary: 'Create a customer-facing code for a coupon',
    params: createPromotionCodeParams,
    handle: (ctx, p) => createPromotionCode(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/promotion_codes/:id',
    returns: 'promotion_code',
    tag,
    summary: 'Retrieve a promotion code',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrievePromotionCode(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/promotion_codes/:id',
    returns: 'promotion_code',
    tag,
    summary: 'Update a promotion code (active, metadata, per-currency minimums)',
    params: updatePromotionCodeParams,
    handle: (ctx, p, path) => updatePromotionCode(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/promotion_codes',
    returns: { list: 'promotion_code' },
    tag,
    summary: 'List promotion codes, newest first',
    params: listPromotionCodesParams,
    handle: (ctx, p) =>
      listPromotionCodes(ctx, p, { active: p.active, code: p.code, coupon: p.coupon, customer: p.customer, created: p.created }),
  }),
];
