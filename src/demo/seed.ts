import type { Logger } from 'pino';
import { createApp } from '../app.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { createKey, revokeApiKeysNamed } from '../modules/api-keys/service.ts';
import { ensureProject } from '../modules/projects/service.ts';
import { apiClient } from './api-client.ts';
import { seedCatalog, type DemoCatalog } from './catalog.ts';
import { seedCustomers } from './customers.ts';
import { demoPortalUrl, seedPortal } from './portal.ts';
import { seedAppEndpoints, type DemoAppEndpoint } from './app-endpoints.ts';

export const DEMO_PROJECT_ID = 'proj_demo';
export const DEMO_PROJECT_NAME = 'Bursar Demo';
export const DEMO_KEY_NAME = 'demo';

export interface DemoSeed extends DemoCatalog {
  project_id: string;
  /** A fresh test-mode secret key; keys are stored hashed, so this is the only time it is shown. */
  secret_key: string;
  /** Demo customers by their `demo_ref`. */
  customers: Record<string, string>;
  /** Every app endpoint preset, enabled, with a request (fresh demo credentials) that works as written. */
  app_endpoints: Record<string, DemoAppEndpoint>;
}

/** The customer the demo's portal link opens for. */
export const DEMO_PORTAL_CUSTOMER = 'ada';

/** The seeding calls are internal: log only their warnings and errors, not a line per call. */
const quiet = (logger: Logger) => (logger.isLevelEnabled('warn') ? logger.child({ seed: 'demo' }, { level: 'warn' }) : logger);

/**
 * Creates the demo project and its data unless they exist, and issues a new demo key
 * (revoking earlier ones). Data goes in through the API, as a client's would.
 */
export async function seedDemo(deps: { db: Db; clock: Clock; logger: Logger }): Promise<DemoSeed> {
  const { db, clock } = deps;
  await ensureProject(db, clock, DEMO_PROJECT_NAME, DEMO_PROJECT_ID);
  const key = await db.transaction().execute(async (trx) => {
    await revokeApiKeysNamed(trx, clock, DEMO_PROJECT_ID, DEMO_KEY_NAME);
    return createKey(trx, clock, { projectId: DEMO_PROJECT_ID, livemode: false, name: DEMO_KEY_NAME });
  });
  const api = apiClient(createApp({ ...deps, logger: quiet(deps.logger) }), key.secret);
  const catalog = await seedCatalog(api);
  const customers = await seedCustomers(api);
  await seedPortal(api, catalog, customers[DEMO_PORTAL_CUSTOMER]);
  const app_endpoints = await seedAppEndpoints(deps, api, DEMO_PROJECT_ID, customers);
  return { project_id: DEMO_PROJECT_ID, secret_key: key.secret, ...catalog, customers, app_endpoints };
}

/** A fresh portal link for the demo customer, under the URL clients reach Bursar at. */
export async function demoPortalLink(deps: { db: Db; clock: Clock; logger: Logger; publicUrl: string }, seed: DemoSeed): Promise<string> {
  const api = apiClient(createApp({ ...deps, logger: quiet(deps.logger) }), seed.secret_key);
  return demoPortalUrl(api, seed.customers[DEMO_PORTAL_CUSTOMER]);
}
