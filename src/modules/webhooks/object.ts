import { parseJson } from '../../kit/json.ts';
import type { WebhookAttemptRow, WebhookEndpointRow } from './repository.ts';

/** The endpoint as Stripe shows it; `secret` only in the answer to its creation. */
export function toWebhookEndpointObject(row: WebhookEndpointRow, withSecret = false) {
  return {
    id: row.id,
    object: 'webhook_endpoint' as const,
    api_version: row.api_version,
    application: null,
    created: row.created,
    description: row.description,
    enabled_events: parseJson<string[]>(row.enabled_events, []),
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    ...(withSecret && { secret: row.secret }),
    status: row.status as 'enabled' | 'disabled',
    url: row.url,
  };
}

export type WebhookEndpointObject = ReturnType<typeof toWebhookEndpointObject>;

/** One HTTP attempt to deliver an event (a Bursar extension: Stripe shows these only in its dashboard). */
export function toWebhookAttemptObject(row: WebhookAttemptRow) {
  return {
    id: row.id,
    object: 'webhook_endpoint.attempt' as const,
    attempt: row.attempt,
    created: row.created,
    duration_ms: row.duration_ms,
    error: row.error,
    event: row.event_id,
    event_type: row.event_type,
    livemode: row.livemode === 1,
    response_body: row.response_body,
    response_status: row.response_status,
    status: row.status as 'succeeded' | 'failed',
    webhook_endpoint: row.endpoint_id,
  };
}

export type WebhookAttemptObject = ReturnType<typeof toWebhookAttemptObject>;
