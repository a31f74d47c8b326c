import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Command } from 'commander';
import { serve as serveNode } from '@hono/node-server';
import type { Logger } from 'pino';
import { createApp } from '../app.ts';
import { loadConfig, withListenPort, type Config } from '../config.ts';
import { openStorage, type Storage } from '../db/database.ts';
import { startHousekeeping, type Housekeeping } from '../jobs/housekeeping.ts';
import { startDueWork } from '../jobs/due-work.ts';
import { startPaymentReconciliation } from '../jobs/reconcile-payments.ts';
import { startWebhookDispatcher } from '../jobs/webhook-dispatch.ts';
import { systemClock } from '../kit/clock.ts';
import { createLogger } from '../kit/logger.ts';
import { DEFAULT_DUNNING } from '../modules/subscriptions/dunning.ts';
import { VERSION } from '../kit/version.ts';
import { demoPortalLink, seedDemo, type DemoSeed } from '../demo/seed.ts';
import { demoBanner } from './demo.ts';
import { storageFlags } from './storage.ts';
import { modeClients } from '../net/client.ts';

/** How long a shutdown waits for in-flight requests before cutting their connections. */
export const DRAIN_TIMEOUT_MS = 10_000;

function listen(app: ReturnType<typeof createApp>, config: Config): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serveNode({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
      server.off('error', reject);
      resolve({ server, port: info.port });
    }) as Server;
    server.once('error', reject);
  });
}

/** Stops accepting, lets in-flight requests finish (bounded), then closes storage. */
async function drain(server: Server, storage: Storage, housekeeping: Housekeeping, logger: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection that goes idle after its last response must not hold the close open.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => {
    logger.warn({ afterMs: DRAIN_TIMEOUT_MS }, 'cutting connections still open');
    server.closeAllConnections();
  }, DRAIN_TIMEOUT_MS);
  await closed;
  clearInterval(idle);
  clearTimeout(cut);
  await housekeeping.stop();
  await storage.close();
}

export async function runServe(config: Config, demo: boolean): Promise<void> {
  const logger = createLogger(config.logLevel);
  const storage = await openStorage(config);
  if (storage.migrated.length > 0) logger.info({ migrations: storage.migrated }, 'migrated');
  const deps = { db: storage.db, clock: systemClock, logger };
  const dunning = { ...DEFAULT_DUNNING, exhausted: config.dunningExhausted };
  // One set of guarded clients for requests and jobs: calls to a processor reuse connections.
  const outgoing = modeClients({ allow: config.webhookAllow, keepAlive: true });
  const payments = { outgoing, stripeApiUrl: config.stripeApiUrl };
  let seed: DemoSeed | null = null;
  let listening: { server: Server; port: number };
  try {
    if (demo) seed = await seedDemo(deps);
    listening = await listen(createApp({ ...deps, ...payments, publicUrl: config.publicUrl, dunning, portalTimeouts: config.portalTimeouts, upcomingNotice: config.upcomingRenewalNotice, webhooks: { policy: config.webhooks, allow: config.webhookAllow } }), config);
  } catch (error) {
    outgoing.close();
    await storage.close();
    throw error;
  }
  const { server } = listening;
  server.on('error', (err) => logger.error({ err }, 'server error'));
  const live = withListenPort(config, listening.port);
  const housekeeping = startHousekeeping(deps);
  const dueWork = startDueWork({ ...deps, dunning, upcomingNotice: config.upcomingRenewalNotice, publicUrl: live.publicUrl, payments });
  const reconciliation = startPaymentReconciliation({ ...deps, dunning, publicUrl: live.publicUrl, payments });
  const webhooks = startWebhookDispatcher({ ...deps, policy: config.webhooks, allow: config.webhookAllow, listen: storage.listen });
  logger.info({ version: VERSION, engine: storage.engine, url: live.publicUrl, host: live.host, port: live.port }, 'listening');
  // The banner is for people, on stderr (stdout carries only JSON log lines), in one write.
  const banner = `Bursar ${VERSION} listening on http://${live.host}:${live.port} (${storage.engine}; public URL ${live.publicUrl})`;
  // The portal link names the public URL, known for sure only once the server listens (--port 0).
  const portalUrl = seed ? await demoPortalLink({ ...deps, publicUrl: live.publicUrl }, seed) : null;
  console.error(seed && portalUrl ? `${banner}\n${demoBanner({ api_base: live.publicUrl, ...seed, portal_url: portalUrl })}` : banner);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Deliveries in flight finish (each within the webhook timeout) and are recorded first.
    Promise.all([dueWork.stop(), reconciliation.stop(), webhooks.stop()])
      .then(() => drain(server, storage, housekeeping, logger))
      .then(() => outgoing.close())
      .then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

export function serveCommand(): Command {
  return storageFlags(
    new Command('serve')
      .description('migrate the database, then serve the API')
      .option('--port <port>', 'port to listen on (env PORT; default 4242; 0 picks a free one)')
      .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)')
      .option('--public-url <url>', 'URL clients reach Bursar at (env BURSAR_PUBLIC_URL; default http://<host>:<port>)')
      .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL; default info)')
      .option('--dunning-exhausted <end>', 'canceled or unpaid: where a subscription ends when every retry failed (env BURSAR_DUNNING_EXHAUSTED; default canceled)')
      .option('--upcoming-renewal-days <days>', 'days before a renewal that invoice.upcoming is sent, 0 for never (env BURSAR_UPCOMING_RENEWAL_DAYS; default 3)')
      .option('--portal-session-lifetime <seconds>', 'how long a customer portal session lasts from its creation (env BURSAR_PORTAL_SESSION_LIFETIME; default 3600)')
      .option('--portal-idle-timeout <seconds>', 'how long a portal session may sit idle (env BURSAR_PORTAL_IDLE_TIMEOUT; default 1800)')
      .option('--webhook-retry-schedule <waits>', 'waits between webhook attempts, e.g. 5s,5m,30m,2h (env BURSAR_WEBHOOK_RETRY_SCHEDULE; default about 3 days)')
      .option('--webhook-timeout <duration>', 'limit of one webhook request, e.g. 15s (env BURSAR_WEBHOOK_TIMEOUT; default 15s)')
      .option('--webhook-disable-after <duration>', 'disable an endpoint failing every attempt this long (env BURSAR_WEBHOOK_DISABLE_AFTER; default 5d)')
      .option('--webhook-allow <list>', 'host names, addresses or CIDR networks webhooks and JWKS fetches may reach though internal (env BURSAR_WEBHOOK_ALLOW)')
      .option('--stripe-api-url <url>', "where Bursar calls Stripe's API, for a stand-in server (env BURSAR_STRIPE_API_URL; default https://api.stripe.com)")
      .option('--demo', 'create the demo project first and print its API base URL and a fresh test key'),
  ).action(async (flags) => runServe(loadConfig(flags), Boolean(flags.demo)));
}
