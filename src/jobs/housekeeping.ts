import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Clock } from '../kit/clock.ts';
import { purgeExpiredKeys } from '../api/idempotency.ts';
import { purgeOldEvents } from '../modules/events/service.ts';
import { purgeOldDeliveries } from '../modules/webhooks/service.ts';
import { purgeRefusedWebhooks } from '../modules/processor-webhooks/service.ts';
import { every, type PeriodicTask } from './periodic.ts';

export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

export type Housekeeping = PeriodicTask;

/** Drops events past retention, their finished webhook deliveries, expired idempotency keys and old refused processor webhooks: once now, then every interval. */
export function startHousekeeping(
  deps: { db: Db; clock: Clock; logger: Logger },
  intervalMs = HOUSEKEEPING_INTERVAL_MS,
): Housekeeping {
  return every(intervalMs, async () => {
    try {
      const events = await purgeOldEvents(deps);
      const idempotencyKeys = await purgeExpiredKeys(deps);
      const webhookDeliveries = await purgeOldDeliveries(deps);
      const refusedProcessorWebhooks = await purgeRefusedWebhooks(deps);
      deps.logger.info({ purged: { events, idempotencyKeys, webhookDeliveries, refusedProcessorWebhooks } }, 'housekeeping');
    } catch (err) {
      deps.logger.error({ err }, 'housekeeping failed');
    }
  });
}
