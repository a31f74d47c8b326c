import { Command, Option } from 'commander';
import { loadConfig } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/database.ts';
import { systemClock } from '../kit/clock.ts';
import { defaultProject, getProject } from '../modules/projects/service.ts';
import { storageFlags, withStorage } from './storage.ts';

// Commands that act on one project's mode as the API does: the same services and validation,
// on the named project (default: the oldest) in test mode unless --mode live.

export const projectScoped = (command: Command) =>
  storageFlags(
    command
      .option('--project <id>', 'project id (default: the oldest project)')
      .addOption(new Option('--mode <mode>', 'test or live').choices(['test', 'live']).default('test')),
  );

/** Runs `work` in one transaction of the project's mode and prints its answer as JSON. */
export async function runInProject(flags: Record<string, any>, work: (ctx: Ctx) => Promise<unknown>): Promise<void> {
  const config = loadConfig(flags);
  await withStorage(config, async ({ db }: { db: Db }) => {
    const project = flags.project ? await getProject(db, flags.project) : await defaultProject(db, systemClock);
    const webhooks = { policy: config.webhooks, allow: config.webhookAllow };
    const result = await db.transaction().execute((trx) =>
      work({ db: trx, scope: { projectId: project.id, livemode: flags.mode === 'live' }, clock: systemClock, requestId: null, idempotencyKey: null, webhooks, publicUrl: config.publicUrl }),
    );
    console.log(JSON.stringify(result, null, 2));
  });
}
