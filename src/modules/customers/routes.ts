import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { searchRoute } from '../../api/search-route.ts';
import { createCustomerParams, customerSearchFields, listCustomersParams, updateCustomerParams } from './schemas.ts';
import { addTaxIdData } from '../tax-ids/service.ts';
import { createCustomer, deleteCustomer, deleteCustomerDiscount, listCustomers, retrieveCustomer, searchCustomers, updateCustomer } from './service.ts';

const tag = 'Customers';

export const customerRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/customers',
    returns: 'customer',
    tag,
    summary: 'Create a customer',
    params: createCustomerParams,
    handle: async (ctx, { tax_id_data, ...p }) => {
      const customer = await createCustomer(ctx, p);
      await addTaxIdData(ctx, customer.id, tax_id_data ?? []);
      return customer;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:id',
    cacheable: true,
    returns: 'customer',
    tag,
    summary: 'Retrieve a customer (a deleted one shows as deleted)',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveCustomer(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/customers/:id',
    returns: 'customer',
    tag,
    summary: 'Update a customer',
    params: updateCustomerParams,
    handle: (ctx, p, path) => updateCustomer(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/customers/:id',
    returns: 'customer',
    tag,
    summary: 'Delete a customer',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => deleteCustomer(ctx, path.id),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/customers/:id/discount',
    returns: 'discount',
    tag,
    summary: "Remove a customer's discount (Bursar keeps discounts on subscriptions and invoices: a customer has none)",
    params: z.strictObject({}),
    handle: (ctx, _p, path) => deleteCustomerDiscount(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers',
    returns: { list: 'customer' },
    tag,
    summary: 'List customers, newest first',
    params: listCustomersParams,
    handle: (ctx, p) => listCustomers(ctx, p, { email: p.email, created: p.created, test_clock: p.test_clock }),
  }),
  searchRoute({ resource: 'customers', type: 'customer', tag, fields: customerSearchFields, search: searchCustomers }),
];
