import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { searchRoute } from '../../api/search-route.ts';
import { createProductParams, listProductsParams, productSearchFields, updateProductParams } from './schemas.ts';
import { createProduct, deleteProduct, listProducts, retrieveProduct, searchProducts, updateProduct } from './service.ts';

const tag = 'Products';
const none = z.strictObject({});

export const productRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/products',
    returns: 'product',
    tag,
    summary: 'Create a product (with its default price from default_price_data)',
    params: createProductParams,
    handle: (ctx, p) => createProduct(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/products/:id',
    cacheable: true,
    returns: 'product',
    tag,
    summary: 'Retrieve a product',
    params: none,
    handle: (ctx, _p, path) => retrieveProduct(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/products/:id',
    returns: 'product',
    tag,
    summary: 'Update a product',
    params: updateProductParams,
    handle: (ctx, p, path) => updateProduct(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/products/:id',
    returns: 'product',
    tag,
    summary: 'Delete a product that has no prices',
    params: none,
    handle: (ctx, _p, path) => deleteProduct(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/products',
    returns: { list: 'product' },
    tag,
    summary: 'List products, newest first',
    params: listProductsParams,
    handle: (ctx, p) =>
      listProducts(ctx, p, { active: p.active, created: p.created, ids: p.ids, shippable: p.shippable, url: p.url }),
  }),
  searchRoute({ resource: 'products', type: 'product', tag, fields: productSearchFields, search: searchProducts }),
];
