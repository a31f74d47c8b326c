import type { Ctx } from '../../context.ts';
import type { ApiObject } from '../../api/expand.ts';
import { listObject, type ListObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { API_VERSION } from './api-version.ts';
import { previousAttributes } from './previous-attributes.ts';
import type { EventType } from './event-types.ts';
import { writeDeliveries } from '../webhooks/outbox.ts';
import { findEvent, insertEvent, listEvents, purgeEvents, type EventFilter, type EventRow } from './repository.ts';

/**
 * Events are kept, and listed, for 30 days as in Stripe, counted from when they were
 * written: an event of an object on a test clock is `created` at the clock's time, which
 * may be far from now either way, and is listed and kept like any other.
 */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export interface EventObject extends ApiObject {
  id: string;
  object: 'event';
  api_version: string;
  type: string;
  created: number;
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: ApiObject; previous_attributes?: Record<string, unknown> };
}

/**
 * Records that something changed. Call it with the ctx of the change itself, so the
 * event commits (or rolls back) with it. For `*.updated`, pass the object as it was:
 * an update that changed nothing records nothing, as in Stripe.
 */
export async function recordEvent(ctx: Ctx, type: EventType, object: ApiObject, before?: ApiObject): Promise<void> {
  const data: EventObject['data'] = { object };
  if (before) {
    data.previous_attributes = previousAttributes(before, object);
    if (Object.keys(data.previous_attributes).length === 0) return;
  }
  const id = newId('evt');
  // The outbox: its webhook deliveries commit (or roll back) with the event.
  const deliveries = await writeDeliveries(ctx, id, type);
  await insertEvent(ctx.db, {
    id,
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    recorded_at: (ctx.wallClock ?? ctx.clock).now(),
    type,
    api_version: API_VERSION,
    data: JSON.stringify(data),
    request_id: ctx.requestId,
    idempotency_key: ctx.idempotencyKey,
    pending_webhooks: deliveries.length,
  });
}

export function toEventObject(row: EventRow): EventObject {
  return {
    id: row.id,
    object: 'event',
    api_version: row.api_version,
    created: row.created,
    data: JSON.parse(row.data),
    livemode: row.livemode === 1,
    pending_webhooks: row.pending_webhooks,
    request: { id: row.request_id, idempotency_key: row.idempotency_key },
    type: row.type,
  };
}

const oldest = (ctx: Ctx) => ctx.clock.now() - EVENT_RETENTION_SECONDS;

export async function retrieveEvent(ctx: Ctx, id: string): Promise<EventObject> {
  const row = await findEvent(ctx.db, ctx.scope, id, oldest(ctx));
  if (!row) throw BursarError.notFound('event', id);
  return toEventObject(row);
}

export async function listEventObjects(ctx: Ctx, page: Page, filter: Omit<EventFilter, 'recordedAfter'>): Promise<ListObject<EventObject>> {
  const { rows, hasMore } = await listEvents(ctx.db, ctx.scope, page, { ...filter, recordedAfter: oldest(ctx) });
  return listObject('/v1/events', rows.map(toEventObject), hasMore);
}

export async function purgeOldEvents(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  return purgeEvents(ctx.db, ctx.clock.now() - EVENT_RETENTION_SECONDS);
}
