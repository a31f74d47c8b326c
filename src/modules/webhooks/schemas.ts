import * as z from 'zod';
import { isKnownVersion } from '../../versions/known.ts';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, list, metadata, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';

/** Where deliveries go. */
const url = () => urlParam(2048);

/** `*` or an event type; types Bursar does not emit (yet) are accepted, as an app may list Stripe's. */
const eventType = () => str(200).regex(/^(\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/, "must be '*' or an event type such as customer.created");

const enabledEvents = () => list(eventType(), 250).min(1);

export const createWebhookEndpointParams = z.strictObject({
  url: url(),
  enabled_events: enabledEvents(),
  description: clearable(str(5000)).optional(),
  metadata: metadata().optional(),
  // Payloads to the endpoint have this version's shapes (versions/transforms.ts).
  api_version: str(50).refine(isKnownVersion, { error: (issue) => `Invalid Stripe API version: ${issue.input}` }).optional(),
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
