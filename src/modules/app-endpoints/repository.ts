import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AppEndpointSettingsTable, AppEndpointsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import { openAtRest, sealAtRest } from '../../secrets/at-rest.ts';

export type AppEndpointRow = Row<'app_endpoints'>;
export type SettingsRow = AppEndpointSettingsTable;

export const insertEndpoint = (db: Db, row: Insertable<AppEndpointsTable>) => insertRow(db, 'app_endpoints', row);

export const findEndpoint = (db: Db, scope: Scope, id: string) => findScoped(db, 'app_endpoints', scope, id);

export const updateEndpointRow = (db: Db, scope: Scope, id: string, patch: Updateable<AppEndpointsTable>) => updateScoped(db, 'app_endpoints', scope, id, patch);

export async function deleteEndpointRow(db: Db, scope: Scope, id: string): Promise<void> {
  const s = scopeColumns(scope);
  await db.deleteFrom('app_endpoints').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('id', '=', id).execute();
}

export const listEndpointRows = (db: Db, scope: Scope, page: Page) => paginate(db, 'app_endpoints', scope, page, 'app_endpoint');

/** The route's endpoint in a scope other than `id`, if any (one endpoint per route). */
export async function endpointAtRoute(db: Db, scope: Scope, method: string, path: string): Promise<AppEndpointRow | undefined> {
  const s = scopeColumns(scope);
  return db
    .selectFrom('app_endpoints')
    .selectAll()
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('method', '=', method)
    .where('path', '=', path)
    .executeTakeFirst();
}

/** Enabled endpoints at a path, in every project and mode, oldest first. */
export async function enabledEndpointsAt(db: Db, path: string): Promise<AppEndpointRow[]> {
  return db.selectFrom('app_endpoints').selectAll().where('path', '=', path).where('enabled', '=', 1).orderBy('seq').limit(50).execute();
}

// The table holds the HS256 secret sealed; settings leave the repository with it open.
export async function findSettings(db: Db, scope: Scope): Promise<SettingsRow | undefined> {
  const s = scopeColumns(scope);
  const row = await db.selectFrom('app_endpoint_settings').selectAll().where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).executeTakeFirst();
  return row && { ...row, jwt_secret: row.jwt_secret === null ? null : openAtRest(db, row.jwt_secret) };
}

/** Only the settings' customer_reference: no secret is opened to read it. */
export async function findCustomerReference(db: Db, scope: Scope): Promise<string | undefined> {
  const s = scopeColumns(scope);
  const row = await db.selectFrom('app_endpoint_settings').select('customer_reference').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).executeTakeFirst();
  return row?.customer_reference;
}

export async function upsertSettings(db: Db, settings: SettingsRow): Promise<void> {
  const row = { ...settings, jwt_secret: settings.jwt_secret === null ? null : sealAtRest(db, settings.jwt_secret) };
  const { project_id: _p, livemode: _l, ...rest } = row;
  await db
    .insertInto('app_endpoint_settings')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'livemode']).doUpdateSet(rest))
    .execute();
}
