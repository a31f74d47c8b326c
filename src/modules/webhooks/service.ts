import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { EVENT_RETENTION_SECONDS, recordEvent } from '../events/service.ts';
import { addPendingWebhooks, findEvent } from '../events/repository.ts';
import { toWebhookAttemptObject, toWebhookEndpointObject, type WebhookEndpointObject } from './object.ts';
import { refuseInternalUrl } from '../../net/url.ts';
import { forgetCachedEndpoints, resumePausedDeliveries, writeDeliveries } from './outbox.ts';
import { purgeDeliveries, stopDeliveries } from './outbox-repository.ts';
import {
  deleteEndpointRow,
  findEndpoint,
  insertEndpoint,
  listAttemptRows,
  listEndpointRows,
  updateEndpointRow,
  type WebhookEndpointRow,
} from './repository.ts';
import type { CreateWebhookEndpointParams, UpdateWebhookEndpointParams } from './schemas.ts';
import { newWebhookSecret } from './signature.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from './retry-policy.ts';

/** A webhook endpoint of the caller's scope, or Stripe's 404 naming `param`. */
export async function requireEndpoint(ctx: Ctx, id: string, param = 'id'): Promise<WebhookEndpointRow> {
  const row = await findEndpoint(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('webhook endpoint', id, param);
  return row;
}

/** Where this mode's deliveries may not go: refused when saved (400 naming url). */
const refuseUnreachable = (ctx: Ctx, url: string) =>
  refuseInternalUrl(url, { livemode: ctx.scope.livemode, allow: (ctx.webhooks ?? DEFAULT_WEBHOOK_SETTINGS).allow, param: 'url', requests: 'webhooks' });

export async function createWebhookEndpoint(ctx: Ctx, p: CreateWebhookEndpointParams): Promise<WebhookEndpointObject> {
  refuseUnreachable(ctx, p.url);
  const row = await insertEndpoint(ctx.db, {
    id: newId('we'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    url: p.url,
    description: p.description ?? null,
    enabled_events: JSON.stringify([...new Set(p.enabled_events)]),
    api_version: p.api_version ?? null,
    status: 'enabled',
    secret: newWebhookSecret(),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  forgetCachedEndpoints();
  return toWebhookEndpointObject(row, true);
}

export async function retrieveWebhookEndpoint(ctx: Ctx, id: string): Promise<WebhookEndpointObject> {
  return toWebhookEndpointObject(await requireEndpoint(ctx, id));
}

export async function updateWebhookEndpoint(ctx: Ctx, id: string, p: UpdateWebhookEndpointParams): Promise<WebhookEndpointObject> {
  const row = await requireEndpoint(ctx, id);
  if (p.url !== undefined) refuseUnreachable(ctx, p.url);
  const before = toWebhookEndpointObject(row);
  const updated = await updateEndpointRow(ctx.db, ctx.scope, id, {
    ...(p.url !== undefined && { url: p.url }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.enabled_events !== undefined && { enabled_events: JSON.stringify([...new Set(p.enabled_events)]) }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    // Enabled again, it starts afresh: its earlier failures no longer count towards disabling it.
    ...(p.disabled !== undefined && { status: p.disabled ? 'disabled' : 'enabled', failing_since: null }),
  });
  forgetCachedEndpoints();
  // Disabled, its pending deliveries wait; enabled again, those still inside the retry window go out.
  if (p.disabled === true && row.status === 'enabled') await stopDeliveries(ctx.db, id, 'paused');
  if (p.disabled === false && row.status === 'disabled') await resumePausedDeliveries(ctx, id);
  return toWebhookEndpointObject(updated);
}

export async function deleteWebhookEndpoint(ctx: Ctx, id: string): Promise<{ id: string; object: 'webhook_endpoint'; deleted: true }> {
  await requireEndpoint(ctx, id);
  await deleteEndpointRow(ctx.db, ctx.scope, id);
  forgetCachedEndpoints();
  await stopDeliveries(ctx.db, id, 'failed');
  return { id, object: 'webhook_endpoint', deleted: true };
}

export async function listWebhookEndpoints(ctx: Ctx, page: Page) {
  const { rows, hasMore } = await listEndpointRows(ctx.db, ctx.scope, page);
  return listObject('/v1/webhook_endpoints', rows.map((r) => toWebhookEndpointObject(r)), hasMore);
}

/** Every attempt to deliver to an endpoint, newest first (a Bursar extension). */
export async function listWebhookAttempts(ctx: Ctx, id: string, page: Page, event: string | undefined) {
  await requireEndpoint(ctx, id);
  const { rows, hasMore } = await listAttemptRows(ctx.db, ctx.scope, page, id, event);
  return listObject(`/v1/webhook_endpoints/${id}/attempts`, rows.map(toWebhookAttemptObject), hasMore);
}

/**
 * Disables an endpoint Bursar gave up on (it answered 410 Gone, or kept failing), pauses
 * its pending deliveries (enabled again, it takes them) and records `webhook_endpoint.disabled` for the others to hear.
 */
export async function disableFailingEndpoint(ctx: Ctx, row: WebhookEndpointRow, reason: string): Promise<void> {
  const updated = await updateEndpointRow(ctx.db, ctx.scope, row.id, { status: 'disabled' });
  forgetCachedEndpoints();
  await stopDeliveries(ctx.db, row.id, 'paused');
  // Stripe's endpoint has no field for why; the event's copy of it says (a Bursar extension).
  const object = { ...toWebhookEndpointObject(updated), disabled_reason: reason as string | null };
  const before: typeof object = { ...toWebhookEndpointObject(row), disabled_reason: null };
  await recordEvent(ctx, 'webhook_endpoint.disabled', object, before);
}

/**
 * Queues an event again, due at once: to one endpoint of its scope (even one not taking its
 * type), or to every enabled endpoint taking it. Returns the new deliveries' ids.
 */
export async function resendEvent(ctx: Ctx, eventId: string, endpoint?: string): Promise<string[]> {
  const event = await findEvent(ctx.db, ctx.scope, eventId, 0);
  if (!event) throw BursarError.notFound('event', eventId);
  if (endpoint !== undefined) {
    const row = await requireEndpoint(ctx, endpoint, 'endpoint');
    if (row.status !== 'enabled') throw BursarError.invalid(`The webhook endpoint ${endpoint} is disabled; enable it first.`, 'endpoint');
  }
  const deliveries = await writeDeliveries(ctx, event.id, event.type, endpoint === undefined ? undefined : [endpoint]);
  await addPendingWebhooks(ctx.db, ctx.scope, event.id, deliveries.length);
  return deliveries;
}

/** Drops finished deliveries and attempts once their events are past retention. */
export async function purgeOldDeliveries(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  return purgeDeliveries(ctx.db, ctx.clock.now() - EVENT_RETENTION_SECONDS);
}
