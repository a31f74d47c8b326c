import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Frozen: public invoice links. `server_secrets` holds a random key per purpose; an
 * invoice's link token is HMAC(key, invoice id), and the invoice keeps only the token's
 * SHA-256 (`link_hash`) to find it by, set when it is finalized.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('server_secrets').values({ name: 'invoice_links', value: randomBytes(32).toString('base64url') }).execute();
  await db.schema.alterTable('invoices').addColumn('link_hash', 'text').execute();
  await db.schema.createIndex('invoices_link_hash').on('invoices').column('link_hash').unique().execute();
}
