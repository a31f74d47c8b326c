import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SubscriptionItemsTable, SubscriptionsTable } from '../../db/schema.ts';
import { paginate, whereRange } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type SubscriptionRow = Row<'subscriptions'>;
export type SubscriptionItemRow = Row<'subscription_items'>;

export const insertSubscription = (db: Db, row: Insertable<SubscriptionsTable>) => insertRow(db, 'subscriptions', row);

export const findSubscription = (db: Db, scope: Scope, id: string) => findScoped(db, 'subscriptions', scope, id);

export const updateSubscriptionRow = (db: Db, scope: Scope, id: string, patch: Updateable<SubscriptionsTable>) =>
  updateScoped(db, 'subscriptions', scope, id, patch);

/**
 * Moves a subscription from one of `from` to a new status in one statement, so a
 * payment racing a cancellation cannot revive a canceled subscription.
 */
export async function transitionSubscription(db: Db, scope: Scope, id: string, from: readonly string[], patch: Updateable<SubscriptionsTable>) {
  const s = scopeColumns(scope);
  return db
    .updateTable('subscriptions')
    .set(patch)
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

export const insertSubscriptionItem = (db: Db, row: Insertable<SubscriptionItemsTable>) => insertRow(db, 'subscription_items', row);

export const findSubscriptionItem = (db: Db, scope: Scope, id: string) => findScoped(db, 'subscription_items', scope, id);

export const updateSubscriptionItemRow = (db: Db, scope: Scope, id: string, patch: Updateable<SubscriptionItemsTable>) =>
  updateScoped(db, 'subscription_items', scope, id, patch);

/** A subscription's items, in the order they were added. */
export const itemsOf = (db: Db, scope: Scope, subscription: string) =>
  selectScoped(db, 'subscription_items', scope).where('subscription', '=', subscription).orderBy('seq', 'asc').execute();

export async function listSubscriptionItemRows(db: Db, scope: Scope, page: Page, subscription: string) {
  return paginate(db, 'subscription_items', scope, page, 'subscription_item', (qb) => qb.where('subscription', '=', subscription));
}

export interface SubscriptionFilter {
  created?: RangeParam | undefined;
  customer?: string | undefined;
  price?: string | undefined;
  /** Statuses to keep; undefined keeps all. */
  statuses?: readonly string[] | undefined;
  collectionMethod?: string | undefined;
}

export async function listSubscriptionRows(db: Db, scope: Scope, page: Page, filter: SubscriptionFilter) {
  const s = scopeColumns(scope);
  return paginate(db, 'subscriptions', scope, page, 'subscription', (qb) => {
    let q = whereRange(qb, 'created', filter.created);
    if (filter.customer !== undefined) q = q.where('customer', '=', filter.customer);
    if (filter.statuses !== undefined) q = q.where('status', 'in', filter.statuses);
    if (filter.collectionMethod !== undefined) q = q.where('collection_method', '=', filter.collectionMethod);
    if (filter.price !== undefined) {
      const price = filter.price;
      q = q.where('id', 'in', (eb) =>
        eb
          .selectFrom('subscription_items')
          .select('subscription')
          .where('project_id', '=', s.project_id)
          .where('livemode', '=', s.livemode)
          .where('price', '=', price),
      );
    }
    return q;
  });
}
