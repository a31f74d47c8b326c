import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { WebhookEndpointsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import { openAtRest, sealAtRest } from '../../secrets/at-rest.ts';

export type WebhookEndpointRow = Row<'webhook_endpoints'>;
export type WebhookAttemptRow = Row<'webhook_attempts'>;

// The table holds each signing secret sealed; rows leave the repository with it open.
const opened = (db: Db, row: WebhookEndpointRow): WebhookEndpointRow => ({ ...row, secret: openAtRest(db, row.secret) });

export const insertEndpoint = async (db: Db, row: Insertable<WebhookEndpointsTable>) =>
  opened(db, await insertRow(db, 'webhook_endpoints', { ...row, secret: sealAtRest(db, row.secret) }));

export async function findEndpoint(db: Db, scope: Scope, id: string): Promise<WebhookEndpointRow | undefined> {
  const row = await findScoped(db, 'webhook_endpoints', scope, id);
  return row && opened(db, row);
}

export const updateEndpointRow = async (db: Db, scope: Scope, id: string, patch: Updateable<WebhookEndpointsTable>) =>
  opened(db, await updateScoped(db, 'webhook_endpoints', scope, id, patch.secret === undefined ? patch : { ...patch, secret: sealAtRest(db, patch.secret) }));

export async function deleteEndpointRow(db: Db, scope: Scope, id: string): Promise<void> {
  await db
    .deleteFrom('webhook_endpoints')
    .where('project_id', '=', scope.projectId)
    .where('livemode', '=', scope.livemode ? 1 : 0)
    .where('id', '=', id)
    .execute();
}

export async function listEndpointRows(db: Db, scope: Scope, page: Page) {
  const { rows, hasMore } = await paginate(db, 'webhook_endpoints', scope, page, 'webhook endpoint');
  return { rows: rows.map((row) => opened(db, row)), hasMore };
}

/** What the outbox needs of every enabled endpoint of a scope: which events it takes. */
export async function enabledEndpointsOf(db: Db, scope: Scope): Promise<{ id: string; enabled_events: string }[]> {
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'enabled_events'])
    .where('project_id', '=', scope.projectId)
    .where('livemode', '=', scope.livemode ? 1 : 0)
    .where('status', '=', 'enabled')
    .orderBy('seq')
    .execute();
}

/** Endpoints by id, whatever their scope (the dispatcher works across projects). */
export async function endpointsByIds(db: Db, ids: string[]): Promise<WebhookEndpointRow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', ids).execute()).map((row) => opened(db, row));
}

export const listAttemptRows = (db: Db, scope: Scope, page: Page, endpoint: string, event: string | undefined) =>
  paginate(db, 'webhook_attempts', scope, page, 'webhook attempt', (qb) => {
    const q = qb.where('endpoint_id', '=', endpoint);
    return event === undefined ? q : q.where('event_id', '=', event);
  });
