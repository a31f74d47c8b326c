import type { Kysely } from 'kysely';

/**
 * Frozen: the keys stored secrets are sealed under, each by its id with a check value (an
 * HMAC under the key), so a process given another key refuses to start. The secrets
 * themselves are sealed when storage opens, since a migration does not know the key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secret_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_check', 'text', (c) => c.notNull())
    .execute();
}
