import { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { systemClock } from '../kit/clock.ts';
import { createLogger } from '../kit/logger.ts';
import { demoPortalLink, seedDemo, type DemoSeed } from '../demo/seed.ts';
import { storageFlags, withStorage } from './storage.ts';
import { curlOf } from '../demo/app-endpoints.ts';

export type DemoOutput = DemoSeed & { api_base: string; /** A one-time customer portal link for a demo customer. */ portal_url: string };

/** What a person needs to start: where the API is, the key, and one call to try. */
export function demoBanner(out: DemoOutput): string {
  return [
    `Demo project ${out.project_id} is ready.`,
    `  API base:        ${out.api_base}`,
    `  Test secret key: ${out.secret_key}`,
    `  Try:             curl ${out.api_base}/v1/customers -u ${out.secret_key}:`,
    `  Customer portal: ${out.portal_url} (Ada Lovelace; the link opens once)`,
    `  App endpoint:    ${curlOf(out.api_base, out.app_endpoints['bearer-data-envelope'])}`,
    '                   (every preset, with its demo credential: bursar demo --json, app_endpoints)',
    'The key is shown only now (Bursar stores its hash); run `bursar demo` again for a new one.',
  ].join('\n');
}

export async function runDemo(config: Config, json: boolean): Promise<void> {
  // Logs go to stderr: stdout is the command's output, one JSON object with --json.
  const logger = createLogger(config.logLevel, 2);
  const out = await withStorage(config, async ({ db }): Promise<DemoOutput> => {
    const seed = await seedDemo({ db, clock: systemClock, logger });
    const portal_url = await demoPortalLink({ db, clock: systemClock, logger, publicUrl: config.publicUrl }, seed);
    // Each app endpoint's request with its full URL and as a curl line, ready to paste.
    const app_endpoints = Object.fromEntries(
      Object.entries(seed.app_endpoints).map(([preset, e]) => [preset, { ...e, url: config.publicUrl + e.path, curl: curlOf(config.publicUrl, e) }]),
    );
    return { api_base: config.publicUrl, ...seed, portal_url, app_endpoints };
  });
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
