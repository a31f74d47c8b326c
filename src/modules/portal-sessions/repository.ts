import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PortalSessionsTable } from '../../db/schema.ts';
import { insertRow, type Row } from '../../db/scoped.ts';

// A portal request knows its session by a token, not by a project: these lookups are by
// the token's hash alone, and the row then gives the scope every other query uses.

export type PortalSessionRow = Row<'portal_sessions'>;

export const insertSession = (db: Db, row: Insertable<PortalSessionsTable>) => insertRow(db, 'portal_sessions', row);

export const findSessionByLinkHash = (db: Db, hash: string) => db.selectFrom('portal_sessions').selectAll().where('link_hash', '=', hash).executeTakeFirst();

export const findSessionByCookieHash = (db: Db, hash: string) => db.selectFrom('portal_sessions').selectAll().where('cookie_hash', '=', hash).executeTakeFirst();

/** Spends the link: only the first of two concurrent opens changes the row. */
export async function markOpened(db: Db, id: string, values: { opened_at: number; cookie_hash: string }): Promise<boolean> {
  const result = await db
    .updateTable('portal_sessions')
    .set({ ...values, last_seen_at: values.opened_at })
    .where('id', '=', id)
    .where('opened_at', 'is', null)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markSeen(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('portal_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function markEnded(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('portal_sessions').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute();
}
