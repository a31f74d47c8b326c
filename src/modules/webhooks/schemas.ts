import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, list, metadata, str } from '../../api/params.ts';

/** Where deliveries go: an absolute http(s) URL without credentials. */
const url = () =>
  str(2048).superRefine((value, ctx) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {}
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.hostname === '') {
      ctx.addIssue({ code: 'custom', message: `Invalid URL: ${value.slice(0, 100)}. It must be an absolute http:// or https:// URL.` });
    } else if (parsed.username || parsed.password) {
      ctx.addIssue({ code: 'custom', message: 'Invalid URL: it must not contain a user name or password.' });
    }
  });

/** `*` or an event type; types Bursar does not emit (yet) are accepted, as an app may list Stripe's. */
const eventType = () => str(200).regex(/^(\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/, "must be '*' or an event type such as customer.created");

const enabledEvents = () => list(eventType(), 250).min(1);

export const createWebhookEndpointParams = z.strictObject({
  url: url(),
  enabled_events: enabledEvents(),
  description: clearable(str(5000)).optional(),
  metadata: metadata().optional(),
  api_version: str(50).regex(/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/, 'must be an API version such as 2026-10-28.endive').optional(),
});

export const updateWebhookEndpointParams = z.strictObject({
  url: url().optional(),
  enabled_events: enabledEvents().optional(),
  description: clearable(str(5000)).optional(),
  metadata: metadata().optional(),
  disabled: bool().optional(),
});

export const listWebhookEndpointsParams = z.strictObject({ ...pageParams });

export const listWebhookAttemptsParams = z.strictObject({
  ...pageParams,
  event: str(255).optional(),
});

export type CreateWebhookEndpointParams = z.output<typeof createWebhookEndpointParams>;
export type UpdateWebhookEndpointParams = z.output<typeof updateWebhookEndpointParams>;
