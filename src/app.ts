import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { changeGeneration, type Db } from './db/database.ts';
import type { Clock } from './kit/clock.ts';
import { BursarError } from './kit/errors.ts';
import { newId } from './kit/ids.ts';
import { VERSION } from './kit/version.ts';
import { authorize } from './api/auth.ts';
import { MAX_BODY_BYTES, bodyTooLarge, closeIfBodyUnread } from './api/body.ts';
import { requestLog } from './api/request-log.ts';
import { mountRoutes, unrecognizedUrl, type ApiEnv } from './api/route.ts';
import { apiRoutes, expandRegistry } from './api/routes.ts';
import { buildOpenApi } from './api/openapi.ts';
import { REFERENCE_STYLE, referenceHtml } from './api/reference-page.ts';
import { mountInvoicePages } from './hosted/invoice-routes.ts';
import { mountChallengePages } from './hosted/challenge-routes.ts';
import { securityHeadersFor } from './web/security.ts';
import { mountPortal } from './portal/routes.ts';
import { mountAppEndpoints } from './modules/app-endpoints/engine.ts';
import { mountProcessorWebhooks } from './modules/processor-webhooks/routes.ts';
import { DEFAULT_PORTAL_TIMEOUTS } from './modules/portal-sessions/timeouts.ts';
import { DEFAULT_PUBLIC_URL } from './modules/invoices/links.ts';
import type { DunningPolicy } from './modules/subscriptions/dunning.ts';
import type { PortalTimeouts } from './modules/portal-sessions/timeouts.ts';
import type { WebhookSettings } from './modules/webhooks/retry-policy.ts';
import type { Resolver } from './net/address-guard.ts';
import { modeClients, type ModeClients } from './net/client.ts';
import type { ProcessorAccess } from './context.ts';

export interface AppDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where clients reach Bursar (config publicUrl), for invoice links; a local default when unset. */
  publicUrl?: string;
  /** How failed renewals end on test clock advances, as in the due-work loop; DEFAULT_DUNNING when unset. */
  dunning?: DunningPolicy;
  /** Portal session lifetime and idle timeout; DEFAULT_PORTAL_TIMEOUTS when unset. */
  portalTimeouts?: PortalTimeouts;
  /** Seconds before a renewal that test clock advances send invoice.upcoming, as in the due-work loop; DEFAULT_UPCOMING_NOTICE when unset. */
  upcomingNotice?: number;
  /** Webhook retries and allowlist, for endpoints saved through the API; DEFAULT_WEBHOOK_SETTINGS when unset. */
  webhooks?: WebhookSettings;
  /** How outgoing requests (JWKS fetches) resolve host names; the system's DNS when unset. */
  resolve?: Resolver;
  /** The guarded clients of outgoing requests (JWKS, payment processors), shared with jobs; made here when unset. */
  outgoing?: ModeClients;
  /** The operator's override of Stripe's API address (a stand-in server); Stripe's own when unset. */
  stripeApiUrl?: string;
  /** Builds payment processors from their settings; makeProcessor when unset (tests give their own). */
  makeProcessor?: ProcessorAccess['makeProcessor'];
}

/** Builds the whole HTTP surface: health, API reference, the Stripe-compatible API, hosted pages, app endpoints; one onError. */
export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const openapi = buildOpenApi(apiRoutes, VERSION);

  app.use(async (c, next) => {
    const requestId = newId('req');
    c.set('requestId', requestId);
    // Set before the response exists: setting a header afterwards rebuilds the whole response.
    c.header('Request-Id', requestId);
    await next();
  });
  app.use(requestLog(deps.logger));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/v1/openapi.json', (c) => c.json(openapi));
  const reference = referenceHtml(openapi);
  app.get('/docs/api', securityHeadersFor({ inlineStyles: [REFERENCE_STYLE] }), async (c) => c.html(await reference));

  // As Stripe does, a POST's response (success or error) names the Idempotency-Key it was sent with.
  app.use('/v1/*', async (c, next) => {
    await next();
    const key = c.req.header('idempotency-key');
    if (key !== undefined && c.req.method === 'POST') c.header('Idempotency-Key', key);
  });
  // Only POSTs carry a body in this API. Looking at a GET's body would build a full Request
  // for nothing, and Node discards an unread GET/DELETE body by itself.
  app.on('POST', '/v1/*', closeIfBodyUnread);
  app.on('POST', '/v1/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: bodyTooLarge }));
  app.use('/v1/*', async (c, next) => {
    // Read once, before any lookup of the request: the key check and cached answers rely on it.
    const generation = changeGeneration(deps.db);
    c.set('generation', generation);
    c.set('scope', await authorize(deps.db, c.req.header('authorization'), generation));
    await next();
  });
  const publicUrl = deps.publicUrl ?? DEFAULT_PUBLIC_URL;
  // Without clients given, requests make their own; they call out little (a key set, cached), so no connection is kept.
  const outgoing = deps.outgoing ?? modeClients({ allow: deps.webhooks?.allow, resolve: deps.resolve });
  const payments: ProcessorAccess = { outgoing, stripeApiUrl: deps.stripeApiUrl, makeProcessor: deps.makeProcessor };
  mountRoutes(app, apiRoutes, { db: deps.db, clock: deps.clock, expand: expandRegistry, publicUrl, dunning: deps.dunning, portalTimeouts: deps.portalTimeouts, upcomingNotice: deps.upcomingNotice, webhooks: deps.webhooks, payments });
  mountInvoicePages(app, { db: deps.db, clock: deps.clock, publicUrl, payments });
  mountPortal(app, { db: deps.db, clock: deps.clock, publicUrl, timeouts: deps.portalTimeouts ?? DEFAULT_PORTAL_TIMEOUTS, dunning: deps.dunning, payments });
  mountProcessorWebhooks(app, { db: deps.db, clock: deps.clock, publicUrl, payments });
  mountChallengePages(app, { db: deps.db, clock: deps.clock, publicUrl, payments });
  // Last: a project's own endpoints (app endpoints) take only paths no Bursar route serves.
  mountAppEndpoints(app, { db: deps.db, clock: deps.clock, logger: deps.logger, publicUrl, portalTimeouts: deps.portalTimeouts, outgoing });

  app.notFound(unrecognizedUrl);

  app.onError((err, c) => {
    const known = err instanceof BursarError ? err : null;
    if (!known) deps.logger.error({ err, requestId: c.get('requestId') }, 'unhandled error');
    const { status, body } = (known ?? BursarError.internal()).toResponse();
    return c.json(body, status as 400);
  });

  return app;
}
