import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import {
  attachParams,
  createPaymentMethodParams,
  listCustomerPaymentMethodsParams,
  listPaymentMethodsParams,
  updatePaymentMethodParams,
} from './schemas.ts';
import {
  attachPaymentMethod,
  createPaymentMethod,
  detachPaymentMethod,
  listCustomerPaymentMethods,
  listPaymentMethods,
  retrieveCustomerPaymentMethod,
  retrievePaymentMethod,
  updatePaymentMethod,
} from './service.ts';

const tag = 'Payment methods';
const none = z.strictObject({});

export const paymentMethodRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/payment_methods',
    returns: 'payment_method',
    tag,
    summary: 'Create a card payment method (test mode: Stripe test card numbers only)',
    params: createPaymentMethodParams,
    handle: (ctx, p) => createPaymentMethod(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/payment_methods/:id',
    returns: 'payment_method',
    tag,
    summary: 'Retrieve a payment method',
    params: none,
    handle: (ctx, _p, path) => retrievePaymentMethod(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/payment_methods/:id',
    returns: 'payment_method',
    tag,
    summary: 'Update an attached payment method',
    params: updatePaymentMethodParams,
    handle: (ctx, p, path) => updatePaymentMethod(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    returns: 'payment_method',
    tag,
    summary: 'Attach a payment method (or a pm_card_* test id) to a customer',
    params: attachParams,
    handle: (ctx, p, path) => attachPaymentMethod(ctx, path.id, p.customer),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/payment_methods/:id/detach',
    returns: 'payment_method',
    tag,
    summary: 'Detach a payment method from its customer',
    params: none,
    handle: (ctx, _p, path) => detachPaymentMethod(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/payment_methods',
    returns: { list: 'payment_method' },
    tag,
    summary: 'List payment methods',
    params: listPaymentMethodsParams,
    handle: (ctx, p) => listPaymentMethods(ctx, p, { customer: p.customer }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:customer/payment_methods',
    returns: { list: 'payment_method' },
    tag,
    summary: "List a customer's payment methods",
    params: listCustomerPaymentMethodsParams,
    handle: (ctx, p, path) => listCustomerPaymentMethods(ctx, path.customer, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:customer/payment_methods/:id',
    returns: 'payment_method',
    tag,
    summary: "Retrieve one of a customer's payment methods",
    params: none,
    handle: (ctx, _p, path) => retrieveCustomerPaymentMethod(ctx, path.customer, path.id),
  }),
];
