import type { Command } from 'commander';
import { openStorage, type Storage } from '../db/database.ts';
import type { Config } from '../config.ts';

/** The flags that say which database a command works on. */
export function storageFlags(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data directory of the SQLite database (env BURSAR_DATA_DIR; default ./bursar-data)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL); SQLite when absent');
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
