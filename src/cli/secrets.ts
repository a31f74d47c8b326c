import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { generateSecretKey } from '../secrets/keys.ts';
import { rotateSecrets } from '../secrets/rotate.ts';
import { storageFlags, withStorage } from './storage.ts';

const generateKey = new Command('generate-key')
  .description('print a new random secret key (32 bytes, base64) for BURSAR_SECRET_KEY')
  .action(() => console.log(generateSecretKey()));

const rotate = storageFlags(
  new Command('rotate').description('re-seal every stored secret under the current key (BURSAR_SECRET_KEY), opening them with it or the old ones (BURSAR_SECRET_KEYS_OLD)'),
).action(async (flags) => {
  await withStorage(loadConfig(flags), async ({ db }) => {
    const { key, resealed, left, retired } = await rotateSecrets(db);
    const tables = Object.entries(resealed).filter(([, n]) => n > 0);
    const total = tables.reduce((sum, [, n]) => sum + n, 0);
    console.log(`Re-sealed ${total} secret(s) under key ${key}${total > 0 ? ` (${tables.map(([t, n]) => `${t}: ${n}`).join(', ')})` : ''}.`);
    if (left > 0) {
      console.error(`${left} secret(s) were sealed under another key meanwhile: give every process the new key, then run this again.`);
      process.exitCode = 1;
    } else if (retired.length > 0) {
      console.log(`No secret is sealed under key ${retired.join(', ')} any more: remove it from BURSAR_SECRET_KEYS_OLD.`);
    }
  });
});

export function secretsCommand(): Command {
  return new Command('secrets').description('the key stored secrets are sealed under: make one, rotate to a new one').addCommand(generateKey).addCommand(rotate);
}
