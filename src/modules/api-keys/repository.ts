import type { Db } from '../../db/database.ts';
import type { Insertable, Selectable } from 'kysely';
import type { ApiKeysTable, CustomerApiKeysTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { insertRow } from '../../db/scoped.ts';
import type { Page } from '../../api/list.ts';
import type { Scope } from '../../context.ts';

export async function insertKey(db: Db, row: ApiKeysTable): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function findKeyByHash(db: Db, secretHash: string): Promise<ApiKeysTable | undefined> {
  return db.selectFrom('api_keys').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

export async function listKeys(db: Db, projectId?: string): Promise<ApiKeysTable[]> {
  let qb = db.selectFrom('api_keys').selectAll().orderBy('created').orderBy('id');
  if (projectId) qb = qb.where('project_id', '=', projectId);
  return qb.execute();
}

export async function revokeKey(db: Db, id: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes a project's live keys of one name (used to rotate the demo key). */
export async function revokeKeysNamed(db: Db, projectId: string, name: string, at: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .execute();
}

export type CustomerKeyRow = Selectable<CustomerApiKeysTable>;

export const insertCustomerKey = (db: Db, row: Insertable<CustomerApiKeysTable>): Promise<CustomerKeyRow> => insertRow(db, 'customer_api_keys', row);

export async function findCustomerKeyByHash(db: Db, secretHash: string): Promise<CustomerKeyRow | undefined> {
  return db.selectFrom('customer_api_keys').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

export const listCustomerKeys = (db: Db, scope: Scope, page: Page, customer: string | undefined) =>
  paginate(db, 'customer_api_keys', scope, page, 'customer_api_key', (qb) => (customer === undefined ? qb : qb.where('customer', '=', customer)));

export async function revokeCustomerKey(db: Db, projectId: string, livemode: number, id: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('customer_api_keys')
    .set({ revoked_at: at })
    .where('project_id', '=', projectId)
    .where('livemode', '=', livemode)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
