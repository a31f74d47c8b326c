import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PromotionCodesTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type PromotionCodeRow = Row<'promotion_codes'>;

/** How a code is matched: whatever case it is typed in. */
export const codeKey = (code: string) => code.toUpperCase();

/**
 * Inserts a promotion code; undefined when an active code of the scope already has its
 * code (the unique index decides, so a race ends in a 400, not a 500).
 */
export async function insertPromotionCode(db: Db, row: Insertable<PromotionCodesTable>): Promise<PromotionCodeRow | undefined> {
  return db.insertInto('promotion_codes').values(row).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

export const findPromotionCode = (db: Db, scope: Scope, id: string) => findScoped(db, 'promotion_codes', scope, id);

/** The active promotion code with this code, whatever its case. */
export const findActivePromotionCode = (db: Db, scope: Scope, code: string) =>
  selectScoped(db, 'promotion_codes', scope).where('code_key', '=', codeKey(code)).where('active', '=', 1).executeTakeFirst();

export const updatePromotionCodeRow = (db: Db, scope: Scope, id: string, patch: Updateable<PromotionCodesTable>) =>
  updateScoped(db, 'promotion_codes', scope, id, patch);

/** Counts one redemption in one statement, never past max_redemptions; undefined when none are left. */
export async function incrementPromotionCodeRedemptions(db: Db, scope: Scope, id: string): Promise<PromotionCodeRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .updateTable('promotion_codes')
    .set((eb) => ({ times_redeemed: eb('times_redeemed', '+', 1) }))
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('max_redemptions', '>', eb.ref('times_redeemed'))]))
    .returningAll()
    .executeTakeFirst();
}

export interface PromotionCodeFilter {
  active?: boolean | undefined;
  code?: string | undefined;
  coupon?: string | undefined;
  customer?: string | undefined;
  created?: RangeParam | undefined;
}

export async function listPromotionCodeRows(db: Db, scope: Scope, page: Page, filter: PromotionCodeFilter) {
  return paginate(db, 'promotion_codes', scope, page, 'promotion_code', (qb) => {
    let q = qb;
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.code !== undefined) q = q.where('code_key', '=', codeKey(filter.code));
    if (filter.coupon !== undefined) q = q.where('coupon', '=', filter.coupon);
    if (filter.customer !== undefined) q = q.where('customer', '=', filter.customer);
    return q;
  }, { created: filter.created });
}
