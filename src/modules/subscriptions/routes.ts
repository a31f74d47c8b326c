import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { searchRoute } from '../../api/search-route.ts';
import { cancelSubscriptionParams, createSubscriptionParams, listSubscriptionItemsParams, listSubscriptionsParams, resumeSubscriptionParams, subscriptionSearchFields, updateSubscriptionParams } from './schemas.ts';
import { BursarError } from '../../kit/errors.ts';
import { createSubscription } from './create.ts';
import { subscriptionAfterCharges } from './collect.ts';
import { cancelSubscription } from './cancel.ts';
import { updateSubscription } from './update.ts';
import { resumeSubscription } from './resume.ts';
import { listSubscriptionItems, listSubscriptions, retrieveSubscription, retrieveSubscriptionItem, searchSubscriptions } from './service.ts';
import { createSubscriptionItemParams, deleteSubscriptionItemParams, updateSubscriptionItemParams } from './item-schemas.ts';
import { deleteSubscriptionDiscount } from './delete-discount.ts';
import { createSubscriptionItem, deleteSubscriptionItem, updateSubscriptionItem } from './item-writes.ts';

const tag = 'Subscriptions';
const none = z.strictObject({});

export const subscriptionRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/subscriptions',
    returns: 'subscription',
    tag,
    summary: 'Create a subscription: its first invoice is finalized and, charging automatically, paid at once',
    params: createSubscriptionParams,
    handle: (ctx, p) => createSubscription(ctx, p),
    afterCharges: (ctx, sub, settled, p) => subscriptionAfterCharges(ctx, (sub as typeof sub & { id: string }).id, settled, p.payment_behavior),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/subscriptions/:id',
    cacheable: true,
    returns: 'subscription',
    tag,
    summary: 'Retrieve a subscription',
    params: none,
    handle: (ctx, _p, path) => retrieveSubscription(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscriptions/:id',
    returns: 'subscription',
    tag,
    summary: 'Update a subscription: metadata, cancellation, payment and collection settings, items (prorated by proration_behavior)',
    params: updateSubscriptionParams,
    handle: (ctx, p, path) => updateSubscription(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    returns: 'subscription',
    tag,
    summary: 'Resume a paused subscription (a trial ended without a payment method): billing_cycle_anchor now invoices a new period, unchanged prorates the current one',
    params: resumeSubscriptionParams,
    handle: (ctx, p, path) => resumeSubscription(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    returns: 'subscription',
    tag,
    summary: 'Cancel a subscription now (prorate credits the unused time; invoice_now bills pending items at once)',
    params: cancelSubscriptionParams,
    handle: (ctx, p, path) => cancelSubscription(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/subscriptions/:id/discount',
    returns: 'discount',
    tag,
    summary: "Remove a subscription's discounts: its next invoices are no longer discounted",
    params: none,
    handle: (ctx, _p, path) => deleteSubscriptionDiscount(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/subscriptions',
    returns: { list: 'subscription' },
    tag,
    summary: 'List subscriptions, newest first (canceled ones only with status=canceled, ended or all)',
    params: listSubscriptionsParams,
    handle: (ctx, p) => {
      if (p.plan !== undefined && p.price !== undefined) throw BursarError.invalid('You may only specify one of these parameters: plan, price.', 'plan');
      return listSubscriptions(ctx, p, { created: p.created, customer: p.customer, price: p.price ?? p.plan, status: p.status, collectionMethod: p.collection_method });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/subscription_items/:id',
    cacheable: true,
    returns: 'subscription_item',
    tag,
    summary: 'Retrieve a subscription item',
    params: none,
    handle: (ctx, _p, path) => retrieveSubscriptionItem(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/subscription_items',
    returns: { list: 'subscription_item' },
    tag,
    summary: "List a subscription's items",
    params: listSubscriptionItemsParams,
    handle: (ctx, p) => listSubscriptionItems(ctx, p, p.subscription),
  }),
  searchRoute({ resource: 'subscriptions', type: 'subscription', tag, fields: subscriptionSearchFields, search: searchSubscriptions }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscription_items',
    returns: 'subscription_item',
    tag,
    summary: 'Add an item to a subscription (prorated by proration_behavior, as a subscription update adding it)',
    params: createSubscriptionItemParams,
    handle: (ctx, p) => createSubscriptionItem(ctx, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/subscription_items/:id',
    returns: 'subscription_item',
    tag,
    summary: "Change an item's price, quantity, tax rates or metadata (prorated by proration_behavior)",
    params: updateSubscriptionItemParams,
    handle: (ctx, p, path) => updateSubscriptionItem(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/subscription_items/:id',
    returns: 'subscription_item',
    tag,
    summary: 'Remove an item from a subscription, crediting its unused time by proration_behavior (not the last one)',
    params: deleteSubscriptionItemParams,
    handle: (ctx, p, path) => deleteSubscriptionItem(ctx, path.id, p),
    // The item is gone: the answer stays the deleted object once remote charges are made.
    afterCharges: async (_ctx, deleted) => deleted,
  }),
];
