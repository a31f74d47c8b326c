import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { WebhookEndpointsTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type WebhookEndpointRow = Row<'webhook_endpoints'>;
export type WebhookAttemptRow = Row<'webhook_attempts'>;

export const insertEndpoint = (db: Db, row: Insertable<WebhookEndpointsTable>) => insertRow(db, 'webhook_endpoints', row);

export const findEndpoint = (db: Db, scope: Scope, id: string) => findScoped(db, 'webhook_endpoints', scope, id);

export const updateEndpointRow = (db: Db, scope: Scope, id: string, patch: Updateable<WebhookEndpointsTable>) =>
  updateScoped(db, 'webhook_endpoints', scope, id, patch);

export async function deleteEndpointRow(db: Db, scope: Scope, id: string): Promise<void> {
  await db
    .deleteFrom('webhook_endpoints')
    .where('project_id', '=', scope.projectId)
    .where('livemode', '=', scope.livemode ? 1 : 0)
    .where('id', '=', id)
    .execute();
}

export const listEndpointRows = (db: Db, scope: Scope, page: Page) => paginate(db, 'webhook_endpoints', scope, page, 'webhook endpoint');

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
  return db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', ids).execute();
}

export const listAttemptRows = (db: Db, scope: Scope, page: Page, endpoint: string, event: string | undefined) =>
  paginate(db, 'webhook_attempts', scope, page, 'webhook attempt', (qb) => {
    const q = qb.where('endpoint_id', '=', endpoint);
    return event === undefined ? q : q.where('event_id', '=', event);
  });

/** The signing secret `bursar listen` uses for a project: kept, so a local handler keeps verifying across runs. */
export async function listenSecret(db: Db, projectId: string, fresh: () => string): Promise<string> {
  const name = `webhook_listen:${projectId}`;
  await db.insertInto('server_secrets').values({ name, value: fresh() }).onConflict((oc) => oc.column('name').doNothing()).execute();
  return (await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
}
