import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { RefundsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { claimScoped, findScoped, insertRow, selectScoped, transitionScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type RefundRow = Row<'refunds'>;

/** Refunds the processor has not answered for certain: asked about again by the reconciliation job. */
export const UNSETTLED = ['recorded', 'unknown'] as const;
/** Refunds that give nothing back: what they took of their charge is released. */
export const RELEASED: readonly string[] = ['failed', 'canceled'];

export const insertRefund = (db: Db, row: Insertable<RefundsTable>) => insertRow(db, 'refunds', row);
export const findRefund = (db: Db, scope: Scope, id: string) => findScoped(db, 'refunds', scope, id);
export const updateRefundRow = (db: Db, scope: Scope, id: string, patch: Updateable<RefundsTable>) => updateScoped(db, 'refunds', scope, id, patch);

export const findRefundByProcessorRef = (db: Db, scope: Scope, processor: string, ref: string): Promise<RefundRow | undefined> =>
  selectScoped(db, 'refunds', scope).where('processor', '=', processor).where('processor_ref', '=', ref).executeTakeFirst();

/**
 * A refund of the charge for `amount` whose processor ref Bursar does not know yet: one whose
 * answer was lost, or one recorded from a report that named no refunds. A processor's report
 * of a refund it does not find by ref is about this one.
 */
export const refundWithoutRefOf = (db: Db, scope: Scope, charge: string, amount: number): Promise<RefundRow | undefined> =>
  selectScoped(db, 'refunds', scope).where('charge', '=', charge).where('amount', '=', amount).where('processor_ref', 'is', null).where('status', 'not in', RELEASED).orderBy('seq').executeTakeFirst();

export interface RefundFilter {
  charge?: string | undefined;
  payment_intent?: string | undefined;
  created?: RangeParam | undefined;
}

export const listRefundRows = (db: Db, scope: Scope, page: Page, filter: RefundFilter) =>
  paginate(db, 'refunds', scope, page, 'refund', (qb) => {
    let q = qb;
    if (filter.charge !== undefined) q = q.where('charge', '=', filter.charge);
    if (filter.payment_intent !== undefined) q = q.where('payment_intent', '=', filter.payment_intent);
    return q;
  }, { created: filter.created });

/** Moves a refund from one of `from` to `patch`; undefined when it had moved on (an answer applies once). */
export const transitionRefund = (db: Db, scope: Scope, id: string, from: readonly string[], patch: Updateable<RefundsTable>) => transitionScoped(db, 'refunds', scope, id, from, patch);

/** Unanswered refunds whose time to be asked about again has come, any project, oldest first. */
export const unsettledRefundsDue = (db: Db, now: number, limit: number): Promise<RefundRow[]> =>
  db.selectFrom('refunds').selectAll().where('check_after', '<=', now).where('status', 'in', UNSETTLED).orderBy('check_after').limit(limit).execute();

/** Claims an unanswered refund for asking about it: moves its next check on, if no one else did. */
export const claimUnsettledRefund = (db: Db, refund: RefundRow, nextCheck: number): Promise<boolean> => claimScoped(db, 'refunds', refund, UNSETTLED, nextCheck);
