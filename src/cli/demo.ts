import { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { systemClock } from '../kit/clock.ts';
import { createLogger } from '../kit/logger.ts';
import { seedDemo, type DemoSeed } from '../demo/seed.ts';
import { storageFlags, withStorage } from './storage.ts';

export type DemoOutput = DemoSeed & { api_base: string };

/** What a person needs to start: where the API is, the key, and one call to try. */
export function demoBanner(out: DemoOutput): string {
  return [
    `Demo project ${out.project_id} is ready.`,
    `  API base:        ${out.api_base}`,
    `  Test secret key: ${out.secret_key}`,
    `  Try:             curl ${out.api_base}/v1/customers -u ${out.secret_key}:`,
    'The key is shown only now (Bursar stores its hash); run `bursar demo` again for a new one.',
  ].join('\n');
}

export async function runDemo(config: Config, json: boolean): Promise<void> {
  // Logs go to stderr: stdout is the command's output, one JSON object with --json.
  const logger = createLogger(config.logLevel, 2);
  const seed = await withStorage(config, ({ db }) => seedDemo({ db, clock: systemClock, logger }));
  const out: DemoOutput = { api_base: config.publicUrl, ...seed };
  console.log(json ? JSON.stringify(out) : demoBanner(out));
}

export function demoCommand(): Command {
  return storageFlags(
    new Command('demo')
      .description('create the demo project, catalog and customers (once) and issue a fresh demo test key')
      .option('--public-url <url>', 'URL clients reach Bursar at, printed as the API base (env BURSAR_PUBLIC_URL)')
      .option('--json', 'print one JSON object (api_base, secret_key, …)'),
  ).action(async (flags) => runDemo(loadConfig(flags), Boolean(flags.json)));
}
