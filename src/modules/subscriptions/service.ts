import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { requireCustomer } from '../customers/service.ts';
import type { SubscriptionItemObject, SubscriptionObject } from './object.ts';
import {
  findSubscription,
  findSubscriptionItem,
  listSubscriptionItemRows,
  listSubscriptionRows,
  searchSubscriptionRows,
  type SubscriptionFilter,
  type SubscriptionRow,
} from './repository.ts';
import { STATUSES } from './schemas.ts';
import { discountsOf } from '../invoices/discounts.ts';
import { discountObjects, type DiscountObject } from '../invoices/discount-object.ts';
import { foundOf, type SearchRequest } from '../../search/page.ts';
import { toSubscription, toSubscriptionItem } from './view.ts';

export async function requireSubscription(ctx: Ctx, id: string, param = 'id'): Promise<SubscriptionRow> {
  const row = await findSubscription(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('subscription', id, param);
  return row;
}

export async function retrieveSubscription(ctx: Ctx, id: string): Promise<SubscriptionObject> {
  return toSubscription(ctx, await requireSubscription(ctx, id));
}

/** Stripe lists all but canceled subscriptions unless asked; `ended` is canceled or expired. */
function statusesFor(status: string | undefined): readonly string[] | undefined {
  if (status === 'all') return undefined;
  if (status === 'ended') return ['canceled', 'incomplete_expired'];
  if (status !== undefined) return [status];
  return STATUSES.filter((s) => s !== 'canceled');
}

export async function listSubscriptions(ctx: Ctx, page: Page, filter: Omit<SubscriptionFilter, 'statuses'> & { status?: string | undefined }) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer, 'customer');
  const { status, ...rest } = filter;
  const { rows, hasMore } = await listSubscriptionRows(ctx.db, ctx.scope, page, { ...rest, statuses: statusesFor(status) });
  const data: SubscriptionObject[] = [];
  for (const row of rows) data.push(await toSubscription(ctx, row));
  return listObject('/v1/subscriptions', data, hasMore);
}

export async function retrieveSubscriptionItem(ctx: Ctx, id: string): Promise<SubscriptionItemObject> {
  const row = await findSubscriptionItem(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('subscription_item', id);
  return toSubscriptionItem(ctx, row);
}

export async function listSubscriptionItems(ctx: Ctx, page: Page, subscription: string) {
  await requireSubscription(ctx, subscription, 'subscription');
  const { rows, hasMore } = await listSubscriptionItemRows(ctx.db, ctx.scope, page, subscription);
  const data: SubscriptionItemObject[] = [];
  for (const row of rows) data.push(await toSubscriptionItem(ctx, row));
  return listObject('/v1/subscription_items', data, hasMore);
}

/** `customer.subscriptions`, shown when expanded: the customer's subscriptions that have not ended, as Stripe lists them. */
export async function subscriptionsOfCustomer(ctx: Ctx, customer: string) {
  const { rows, hasMore } = await listSubscriptionRows(ctx.db, ctx.scope, { limit: 10 }, { customer, statuses: statusesFor(undefined) });
  const data: SubscriptionObject[] = [];
  for (const row of rows) data.push(await toSubscription(ctx, row));
  return listObject(`/v1/customers/${customer}/subscriptions`, data, hasMore);
}

/** A subscription's discounts as objects: `subscription.discounts` expanded, and what deleting them answers. */
export const discountObjectsOf = (ctx: Ctx, row: SubscriptionRow): Promise<DiscountObject[]> =>
  discountObjects(ctx, discountsOf(row), { customer: row.customer, subscription: row.id, invoice: null, start: row.start_date });

export const discountObjectsOfSubscription = async (ctx: Ctx, id: string) => discountObjectsOf(ctx, await requireSubscription(ctx, id));

export async function searchSubscriptions(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchSubscriptionRows(ctx.db, ctx.scope, request), (row) => toSubscription(ctx, row));
}
