import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { inTransaction } from '../db/after-commit.ts';
import { startWebhookDispatcher, type AttemptReport } from '../jobs/webhook-dispatch.ts';
import { systemClock } from '../kit/clock.ts';
import { BursarError } from '../kit/errors.ts';
import { createLogger } from '../kit/logger.ts';
import { eventsByIds } from '../modules/events/repository.ts';
import { resendEvent } from '../modules/webhooks/service.ts';
import { storageFlags, withStorage } from './storage.ts';

/** Beyond the request timeout, how long `resend` waits for its attempts before leaving them to `bursar serve`. */
const RESEND_GRACE_MS = 5_000;

export function describeAttempt(a: AttemptReport): string {
  const code = a.outcome.status === null ? a.outcome.error : `[${a.outcome.status}]`;
  const next = a.result === 'retrying' ? ' (will be retried)' : a.result === 'failed' ? ' (no more attempts)' : '';
  return `<-- ${code} POST ${a.url} [${a.event}] ${a.endpoint}, attempt ${a.attempt}, ${a.outcome.durationMs} ms${next}`;
}

const resend = storageFlags(
  new Command('resend')
    .description('deliver an event again: to one endpoint, or to every enabled endpoint taking its type')
    .argument('<event>', 'event id (evt_…)')
    .option('--endpoint <id>', 'only this webhook endpoint (we_…), even if it does not take the event type'),
).action(async (eventId: string, flags) => {
  const config = loadConfig(flags);
  await withStorage(config, async ({ db, listen }) => {
    const [event] = await eventsByIds(db, [eventId]);
    if (!event) throw BursarError.notFound('event', eventId);
    const scope = { projectId: event.project_id, livemode: event.livemode === 1 };
    const ctx = { db, scope, clock: systemClock, requestId: null, idempotencyKey: null };
    const deliveries = await inTransaction(db, (trx) => resendEvent({ ...ctx, db: trx }, eventId, flags.endpoint));
    if (deliveries.length === 0) return console.log(`No enabled endpoint takes ${event.type}; nothing to resend.`);
    console.log(`--> ${event.type} [${event.id}] to ${deliveries.length} endpoint(s)`);
    // Delivered from here, once each; failures stay queued for `bursar serve` to retry.
    let left = deliveries.length;
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const dispatcher = startWebhookDispatcher({
      db,
      clock: systemClock,
      logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2),
      policy: config.webhooks,
      allow: config.webhookAllow,
      listen,
      only: deliveries,
      onAttempt(a) {
        console.log(describeAttempt(a));
        if (--left === 0) done();
      },
    });
    const timer = setTimeout(done, config.webhooks.timeout + RESEND_GRACE_MS).unref();
    await finished;
    clearTimeout(timer);
    await dispatcher.stop();
    if (left > 0) console.log(`${left} delivery(ies) not attempted yet: a running bursar serve delivers them.`);
  });
});

export function eventsCommand(): Command {
  return new Command('events').description('events and their webhook deliveries').addCommand(resend);
}
