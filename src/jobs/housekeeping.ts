import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { purgeExpiredKeys } from '../api/idempotency.ts';
import { purgeOldEvents } from '../modules/events/service.ts';

export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

export interface Housekeeping {
  /** Stops the timer and waits for a run in progress, so storage can close after it. */
  stop(): Promise<void>;
}

/** Drops events past retention and expired idempotency keys: once now, then every interval. */
export function startHousekeeping(
  deps: { db: Db; clock: Clock; logger: Logger },
  intervalMs = HOUSEKEEPING_INTERVAL_MS,
): Housekeeping {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= (async () => {
      try {
        const events = await purgeOldEvents(deps);
        const idempotencyKeys = await purgeExpiredKeys(deps);
        deps.logger.info({ purged: { events, idempotencyKeys } }, 'housekeeping');
      } catch (err) {
        deps.logger.error({ err }, 'housekeeping failed');
      } finally {
        running = null;
      }
    })();
  };
  run();
  // unref: the timer alone must not keep the process alive.
  const timer = setInterval(run, intervalMs).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
