import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { searchRoute } from '../../api/search-route.ts';
import { createPriceParams, listPricesParams, priceSearchFields, updatePriceParams } from './schemas.ts';
import { createPrice, listPrices, retrievePrice, searchPrices, updatePrice } from './service.ts';

const tag = 'Prices';

// No DELETE: as in Stripe, a price is archived (active=false), never deleted.
export const priceRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/prices',
    returns: 'price',
    tag,
    summary: 'Create a price of a product (or of a new one from product_data)',
    params: createPriceParams,
    handle: (ctx, p) => createPrice(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/prices/:id',
    cacheable: true,
    returns: 'price',
    tag,
    summary: 'Retrieve a price',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrievePrice(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/prices/:id',
    returns: 'price',
    tag,
    summary: 'Update a price (archive it with active=false)',
    params: updatePriceParams,
    handle: (ctx, p, path) => updatePrice(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/prices',
    returns: { list: 'price' },
    tag,
    summary: 'List prices, newest first',
    params: listPricesParams,
    handle: (ctx, p) =>
      listPrices(ctx, p, {
        active: p.active,
        created: p.created,
        currency: p.currency,
        lookupKeys: p.lookup_keys,
        product: p.product,
        interval: p.recurring?.interval,
        type: p.type,
      }),
  }),
  searchRoute({ resource: 'prices', type: 'price', tag, fields: priceSearchFields, search: searchPrices }),
];
