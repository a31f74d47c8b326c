import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { searchRoute } from '../../api/search-route.ts';
import { cancelPaymentIntentParams, chargeSearchFields, confirmPaymentIntentParams, listInvoicePaymentsParams, listPaymentIntentsParams, paymentIntentSearchFields } from './schemas.ts';
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  intentAfterConfirmation,
  listInvoicePayments,
  listPaymentIntents,
  retrieveCharge,
  retrieveInvoicePayment,
  retrievePaymentIntent,
  searchCharges,
  searchPaymentIntents,
} from './service.ts';

const none = z.strictObject({});

export const paymentIntentRoutes = [
  defineRoute({
    method: 'GET',
    path: '/v1/payment_intents/:id',
    returns: 'payment_intent',
    tag: 'Payment intents',
    summary: "Retrieve a payment intent (an invoice's payment, across its attempts)",
    params: none,
    handle: (ctx, _p, path) => retrievePaymentIntent(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/payment_intents',
    returns: { list: 'payment_intent' },
    tag: 'Payment intents',
    summary: 'List payment intents',
    params: listPaymentIntentsParams,
    handle: (ctx, p) => listPaymentIntents(ctx, p, { customer: p.customer }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/payment_intents/:id/confirm',
    returns: 'payment_intent',
    tag: 'Payment intents',
    summary: 'Confirm a payment intent with the customer present (after requires_action, or with a new payment_method)',
    params: confirmPaymentIntentParams,
    handle: (ctx, p, path) => confirmPaymentIntent(ctx, path.id, p),
    afterCharges: (ctx, object) => intentAfterConfirmation(ctx, (object as typeof object & { id: string }).id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    returns: 'payment_intent',
    tag: 'Payment intents',
    summary: "Cancel a payment intent (an invoice's is canceled by voiding the invoice)",
    params: cancelPaymentIntentParams,
    handle: (ctx, p, path) => cancelPaymentIntent(ctx, path.id, p.cancellation_reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/charges/:id',
    returns: 'charge',
    tag: 'Charges',
    summary: 'Retrieve a charge (one attempt of a payment intent)',
    params: none,
    handle: (ctx, _p, path) => retrieveCharge(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoice_payments/:id',
    returns: 'invoice_payment',
    tag: 'Invoice payments',
    summary: 'Retrieve an invoice payment',
    params: none,
    handle: (ctx, _p, path) => retrieveInvoicePayment(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoice_payments',
    returns: { list: 'invoice_payment' },
    tag: 'Invoice payments',
    summary: 'List invoice payments',
    params: listInvoicePaymentsParams,
    handle: (ctx, p) => listInvoicePayments(ctx, p, { invoice: p.invoice }),
  }),
  searchRoute({ resource: 'payment_intents', type: 'payment_intent', tag: 'Payment intents', fields: paymentIntentSearchFields, search: searchPaymentIntents }),
  searchRoute({ resource: 'charges', type: 'charge', tag: 'Charges', fields: chargeSearchFields, search: searchCharges }),
];
