import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../kit/config-error.ts';
import { generateSecretKey, parseSecretKey } from './keys.ts';

/**
 * SQLite's default key: a file beside the database, readable by its owner only, made on the
 * first start, so `npm start` needs no setting. It must be backed up apart from the database.
 */
export const keyFilePath = (dataDir: string) => join(dataDir, 'secret.key');

export function readKeyFile(dataDir: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(keyFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const key = parseSecretKey(text);
  if (!key) throw new ConfigError(`${keyFilePath(dataDir)} does not hold a secret key (32 bytes in base64 or hex).`);
  return key;
}

/** Writes a fresh key file; a process that made one at the same moment wins, and its key is used. */
export function createKeyFile(dataDir: string): Buffer {
  try {
    writeFileSync(keyFilePath(dataDir), `${generateSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKeyFile(dataDir)!;
}
