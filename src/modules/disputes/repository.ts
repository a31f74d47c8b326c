import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DisputesTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type DisputeRow = Row<'disputes'>;

export const insertDispute = (db: Db, row: Insertable<DisputesTable>) => insertRow(db, 'disputes', row);
export const findDispute = (db: Db, scope: Scope, id: string) => findScoped(db, 'disputes', scope, id);
export const updateDisputeRow = (db: Db, scope: Scope, id: string, patch: Updateable<DisputesTable>) => updateScoped(db, 'disputes', scope, id, patch);

export const findDisputeByProcessorRef = (db: Db, scope: Scope, processor: string, ref: string): Promise<DisputeRow | undefined> =>
  selectScoped(db, 'disputes', scope).where('processor', '=', processor).where('processor_ref', '=', ref).executeTakeFirst();

export interface DisputeFilter {
  charge?: string | undefined;
  payment_intent?: string | undefined;
  created?: RangeParam | undefined;
}

export const listDisputeRows = (db: Db, scope: Scope, page: Page, filter: DisputeFilter) =>
  paginate(db, 'disputes', scope, page, 'dispute', (qb) => {
    let q = qb;
    if (filter.charge !== undefined) q = q.where('charge', '=', filter.charge);
    if (filter.payment_intent !== undefined) q = q.where('payment_intent', '=', filter.payment_intent);
    return q;
  }, { created: filter.created });
