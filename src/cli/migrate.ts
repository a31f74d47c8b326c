import { Command } from 'commander';
import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import { storageFlags, withStorage } from './storage.ts';

export function migrateCommand(): Command {
  return storageFlags(new Command('migrate').description('apply pending database migrations and list the applied ones')).action(
    async (flags) => {
      await withStorage(loadConfig(flags), async ({ db, engine, migrated }) => {
        const applied = await sql<{ name: string; timestamp: string }>`
          select name, timestamp from bursar_migrations order by name`.execute(db);
        console.log(migrated.length > 0 ? `Applied ${migrated.length} migration(s) now (${engine}).` : `Up to date (${engine}).`);
        for (const row of applied.rows) {
          console.log(`${migrated.includes(row.name) ? '+' : ' '} ${row.name}  ${new Date(row.timestamp).toISOString()}`);
        }
      });
    },
  );
}
