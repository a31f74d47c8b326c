import type { Context } from 'hono';
import type { Ctx, ProcessorAccess } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import type { CustomerObject } from '../modules/customers/object.ts';
import type { ConfigurationObject } from '../modules/portal-configurations/object.ts';
import type { PortalSessionRow } from '../modules/portal-sessions/repository.ts';
import type { PortalTimeouts } from '../modules/portal-sessions/timeouts.ts';
import type { DunningPolicy } from '../modules/subscriptions/dunning.ts';
import type { Frame } from './layout.ts';
import type { Form } from '../web/form.ts';
import { writeKeeping } from '../web/page-write.ts';

export interface PortalDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  timeouts: PortalTimeouts;
  dunning?: DunningPolicy;
  payments?: ProcessorAccess;
}

/** One portal request of a live session: whose it is, what it may do, and how to show it. */
export interface PortalRequest {
  session: PortalSessionRow;
  /** A service context of the session's project and mode, reading outside any transaction. */
  ctx: Ctx;
  config: ConfigurationObject;
  customer: CustomerObject;
  frame: Frame;
  /** A POST's form, read and checked once (empty for other methods). */
  form: Form;
}

export type PortalEnv = { Variables: { requestId: string; portal: PortalRequest } };

export const portalOf = (c: Context<PortalEnv>) => c.get('portal');

/** Runs a portal action as the API runs a write (see writeKeeping). */
export const portalWrite = <T>(p: PortalRequest, run: (ctx: Ctx) => Promise<T>): Promise<T> => writeKeeping(p.ctx, run);
