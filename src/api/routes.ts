import type { Route } from './route.ts';
import type { ExpandRegistry } from './expand.ts';
import { customerRoutes } from '../modules/customers/routes.ts';
import { eventRoutes } from '../modules/events/routes.ts';
import { paymentMethodRoutes } from '../modules/payment-methods/routes.ts';
import { retrieveCustomer } from '../modules/customers/service.ts';
import { retrievePaymentMethod } from '../modules/payment-methods/service.ts';

/** Every endpoint of the Stripe-compatible API. */
export const apiRoutes: Route[] = [...customerRoutes, ...paymentMethodRoutes, ...eventRoutes] as Route[];

/** Which id fields `expand[]` can turn into objects, and how each object type loads. */
export const expandRegistry: ExpandRegistry = {
  fields: {
    customer: { 'invoice_settings.default_payment_method': 'payment_method' },
    payment_method: { customer: 'customer' },
  },
  loaders: {
    customer: retrieveCustomer,
    payment_method: retrievePaymentMethod,
  },
};
