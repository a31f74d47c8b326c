import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { systemClock } from '../kit/clock.ts';
import { eventsAfter, lastEventSeq } from '../modules/events/repository.ts';
import { defaultProject, getProject } from '../modules/projects/service.ts';
import { outgoingClient } from '../net/client.ts';
import { postWebhook } from '../modules/webhooks/send.ts';
import { webhookRequest } from '../modules/webhooks/request.ts';
import { newWebhookSecret } from '../modules/webhooks/signature.ts';
import { serverSecret } from '../secrets/repository.ts';
import { storageFlags, withStorage } from './storage.ts';

/** How often the database is asked for new events. */
const POLL_MS = 250;

const time = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

/**
 * Like `stripe listen`: forwards each new event of a project (test mode) to a local URL,
 * signed as webhook deliveries are, and prints it with the response code. It reads the
 * database itself: no endpoint is created and nothing is retried.
 */
export function listenCommand(): Command {
  return storageFlags(
    new Command('listen')
      .description('forward new events to a local URL, signed, printing each with the response code')
      .requiredOption('--forward-to <url>', 'where to POST each event, e.g. http://localhost:3000/webhooks')
      .option('--events <types>', 'only these event types, separated by commas (default: all)')
      .option('--project <id>', 'project id (default: the oldest project)')
      .option('--live', 'live-mode events instead of test-mode ones'),
  ).action(async (flags) => {
    const config = loadConfig(flags);
    const url = new URL(flags.forwardTo).toString();
    const types = flags.events ? new Set<string>(String(flags.events).split(',').map((t) => t.trim())) : null;
    await withStorage(config, async ({ db }) => {
      const project = flags.project ? await getProject(db, flags.project) : await defaultProject(db, systemClock);
      const scope = { projectId: project.id, livemode: Boolean(flags.live) };
      // Kept per project, so a local handler keeps verifying across runs.
      const secret = await serverSecret(db, `webhook_listen:${project.id}`, newWebhookSecret);
      const send = { timeout: config.webhooks.timeout, client: outgoingClient({ livemode: scope.livemode, allow: config.webhookAllow, keepAlive: true }) };
      console.log(`Ready! Forwarding ${scope.livemode ? 'live' : 'test'}-mode events of ${project.id} to ${url}`);
      console.log(`Your webhook signing secret is ${secret} (^C to quit)`);
      let seq = await lastEventSeq(db, scope);
      let stopping = false;
      let wakeUp: () => void = () => {};
      const stop = () => {
        stopping = true;
        wakeUp();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      while (!stopping) {
        for (const row of await eventsAfter(db, scope, seq, 100)) {
          seq = Number(row.seq);
          if (types && !types.has(row.type)) continue;
          console.log(`${time()}   --> ${row.type} [${row.id}]`);
          const { payload, headers } = webhookRequest(secret, row, Date.now());
          const outcome = await postWebhook(url, payload, headers, send);
          console.log(`${time()}  <-- ${outcome.status === null ? outcome.error : `[${outcome.status}]`} POST ${url} [${row.id}]`);
        }
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
          setTimeout(resolve, POLL_MS);
        });
      }
      send.client.close();
    });
  });
}
