import type { Context } from 'hono';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { BursarError } from '../kit/errors.ts';
import type { CustomerObject } from '../modules/customers/object.ts';
import type { ConfigurationObject } from '../modules/portal-configurations/object.ts';
import type { PortalSessionRow } from '../modules/portal-sessions/repository.ts';
import type { PortalTimeouts } from '../modules/portal-sessions/timeouts.ts';
import type { DunningPolicy } from '../modules/subscriptions/dunning.ts';
import type { Frame } from './layout.ts';
import type { Form } from '../web/form.ts';
import { inTransaction } from '../db/after-commit.ts';
import { callRecordedAttempts } from '../modules/payment-intents/attempt.ts';
import { paymentError } from '../modules/invoices/pay.ts';

export interface PortalDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  timeouts: PortalTimeouts;
  dunning?: DunningPolicy;
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

/**
 * Runs a portal action as the API runs a write: every service call in one transaction,
 * so the change and its events commit together. A failure that is itself a record (a
 * declined charge) commits what it wrote and is then reported, as runWrite does.
 */
export async function portalWrite<T>(p: PortalRequest, run: (ctx: Ctx) => Promise<T>): Promise<T> {
  let kept: BursarError | null = null;
  const remoteCharges: string[] = [];
  const result = await inTransaction(p.ctx.db, async (trx) => {
    try {
      return await run({ ...p.ctx, db: trx, remoteCharges });
    } catch (error) {
      if (!(error instanceof BursarError && error.keepChanges)) throw error;
      kept = error;
      return undefined;
    }
  });
  if (kept) throw kept;
  // Charges through a remote processor are made once their attempts committed; a decline is reported the same.
  const last = (await callRecordedAttempts(p.ctx, remoteCharges)).at(-1);
  const error = last && (await paymentError(p.ctx, last));
  if (error) throw error;
  return result as T;
}
