import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CouponsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type CouponRow = Row<'coupons'>;

/** Inserts a coupon; undefined when its (custom) id is already taken in this scope. */
export async function insertCoupon(db: Db, row: Insertable<CouponsTable>): Promise<CouponRow | undefined> {
  return db
    .insertInto('coupons')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'livemode', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The coupon row, deleted or not: the service decides what a deleted one means. */
export const findCoupon = (db: Db, scope: Scope, id: string) => findScoped(db, 'coupons', scope, id);

export const updateCouponRow = (db: Db, scope: Scope, id: string, patch: Updateable<CouponsTable>) =>
  updateScoped(db, 'coupons', scope, id, patch);

/**
 * Counts one redemption, in one statement so concurrent redemptions never pass
 * max_redemptions; undefined when none are left (or the coupon is deleted).
 */
export async function incrementCouponRedemptions(db: Db, scope: Scope, id: string): Promise<CouponRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .updateTable('coupons')
    .set((eb) => ({ times_redeemed: eb('times_redeemed', '+', 1) }))
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('max_redemptions', '>', eb.ref('times_redeemed'))]))
    .returningAll()
    .executeTakeFirst();
}

export async function listCouponRows(db: Db, scope: Scope, page: Page, filter: { created?: RangeParam | undefined }) {
  return paginate(db, 'coupons', scope, page, 'coupon', (qb) => qb.where('deleted_at', 'is', null), { created: filter.created });
}
