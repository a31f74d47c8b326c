import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PortalConfigurationsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type PortalConfigurationRow = Row<'portal_configurations'>;

export const insertConfiguration = (db: Db, row: Insertable<PortalConfigurationsTable>) => insertRow(db, 'portal_configurations', row);

export const findConfiguration = (db: Db, scope: Scope, id: string) => findScoped(db, 'portal_configurations', scope, id);

export const updateConfigurationRow = (db: Db, scope: Scope, id: string, patch: Updateable<PortalConfigurationsTable>) =>
  updateScoped(db, 'portal_configurations', scope, id, patch);

export const findDefaultConfiguration = (db: Db, scope: Scope) =>
  selectScoped(db, 'portal_configurations', scope).where('is_default', '=', 1).executeTakeFirst();

/**
 * Inserts the default configuration unless another request made it first (the partial unique
 * index decides). The conflict target repeats the index's predicate literally, as SQLite requires.
 */
export async function insertDefaultConfiguration(db: Db, row: Insertable<PortalConfigurationsTable>): Promise<boolean> {
  const result = await db
    .insertInto('portal_configurations')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'livemode']).where('is_default', '=', sql.lit(1)).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export type ConfigurationFilter = { active?: boolean | undefined; is_default?: boolean | undefined };

export function listConfigurationRows(db: Db, scope: Scope, page: Page, filter: ConfigurationFilter) {
  return paginate(db, 'portal_configurations', scope, page, 'billing_portal.configuration', (qb) => {
    let q = qb;
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.is_default !== undefined) q = q.where('is_default', '=', filter.is_default ? 1 : 0);
    return q;
  });
}
