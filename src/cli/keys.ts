import { Command, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { systemClock } from '../kit/clock.ts';
import { createKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from '../modules/api-keys/service.ts';
import { defaultProject, getProject } from '../modules/projects/service.ts';
import type { Db } from '../db/database.ts';
import { storageFlags, withStorage } from './storage.ts';

const PROJECT_HELP = 'project id (default: the oldest project, created as "Default" if there is none)';

async function projectOf(db: Db, id: string | undefined) {
  return id ? getProject(db, id) : defaultProject(db, systemClock);
}

const when = (t: number | null) => (t === null ? '' : new Date(t * 1000).toISOString());

function printTable(keys: ApiKeyInfo[]): void {
  if (keys.length === 0) return console.log('No API keys.');
  const rows = [
    ['ID', 'PROJECT', 'MODE', 'NAME', 'KEY', 'CREATED', 'REVOKED'],
    ...keys.map((k) => [k.id, k.project_id, k.mode, k.name ?? '', k.redacted, when(k.created), when(k.revoked_at)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

const create = storageFlags(
  new Command('create')
    .description('create a secret key; it is shown once (only its hash is stored)')
    .addOption(new Option('--mode <mode>', 'test or live').choices(['test', 'live']).makeOptionMandatory())
    .option('--name <name>', 'a label to tell keys apart')
    .option('--project <id>', PROJECT_HELP)
    .option('--json', 'print the key as one JSON object'),
).action(async (flags) => {
  await withStorage(loadConfig(flags), async ({ db }) => {
    const project = await projectOf(db, flags.project);
    const key = await createKey(db, systemClock, { projectId: project.id, livemode: flags.mode === 'live', name: flags.name });
    if (flags.json) return console.log(JSON.stringify(key));
    console.log(`Created ${key.mode} key ${key.id} for project ${project.id} (${project.name}):`);
    console.log(key.secret);
    console.error('Store it now: Bursar keeps only its hash and cannot show it again.');
  });
});

const list = storageFlags(
  new Command('list')
    .description('list secret keys (redacted), revoked ones included')
    .option('--project <id>', 'only this project')
    .option('--json', 'print a JSON array'),
).action(async (flags) => {
  await withStorage(loadConfig(flags), async ({ db }) => {
    if (flags.project) await getProject(db, flags.project);
    const keys = await listApiKeys(db, flags.project);
    if (flags.json) console.log(JSON.stringify(keys));
    else printTable(keys);
  });
});

const revoke = storageFlags(
  new Command('revoke').description('revoke a secret key at once').argument('<id>', 'key id (key_…), as `keys list` shows'),
).action(async (id: string, flags) => {
  await withStorage(loadConfig(flags), async ({ db }) => {
    await revokeApiKey(db, systemClock, id);
    console.log(`Revoked ${id}.`);
  });
});

export function keysCommand(): Command {
  return new Command('keys').description('manage secret API keys').addCommand(create).addCommand(list).addCommand(revoke);
}
