import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createCouponParams, listCouponsParams, updateCouponParams } from './schemas.ts';
import { createCoupon, deleteCoupon, listCoupons, retrieveCoupon, updateCoupon } from './service.ts';

const tag = 'Coupons';
const none = z.strictObject({});

export const couponRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/coupons',
    returns: 'coupon',
    tag,
    summary: 'Create a coupon: percent_off or amount_off, once, repeating or forever',
    params: createCouponParams,
    handle: (ctx, p) => createCoupon(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/coupons/:id',
    returns: 'coupon',
    tag,
    summary: 'Retrieve a coupon',
    params: none,
    handle: (ctx, _p, path) => retrieveCoupon(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/coupons/:id',
    returns: 'coupon',
    tag,
    summary: 'Update a coupon (name and metadata only)',
    params: updateCouponParams,
    handle: (ctx, p, path) => updateCoupon(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/coupons/:id',
    returns: 'coupon',
    tag,
    summary: 'Delete a coupon: no new redemptions',
    params: none,
    handle: (ctx, _p, path) => deleteCoupon(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/coupons',
    returns: { list: 'coupon' },
    tag,
    summary: 'List coupons, newest first',
    params: listCouponsParams,
    handle: (ctx, p) => listCoupons(ctx, p, { created: p.created }),
  }),
];
