import type { Command } from 'commander';
import { openStorage, type Storage } from '../db/database.ts';
import type { Config } from '../config.ts';

/** The flags that say which database a command works on, and the keys that open its secrets. */
export function storageFlags(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data directory of the SQLite database (env BURSAR_DATA_DIR; default ./bursar-data)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL); SQLite when absent')
    .option('--secret-key <key>', 'key the stored secrets are sealed under (env BURSAR_SECRET_KEY; required with PostgreSQL; SQLite: a key file in the data directory)')
    .option('--secret-keys-old <keys>', 'earlier keys, separated by commas, while their values are re-sealed (env BURSAR_SECRET_KEYS_OLD)');
}

/** Opens (and migrates) the configured database for the length of `work`. */
export async function withStorage<T>(config: Config, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(config);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}
