import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: app endpoints (declarative contracts a project serves at its own paths), the
 * project's caller-authentication settings per mode, and customer-scoped API keys (only
 * their SHA-256 stored).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withSeq(db, db.schema.createTable('app_endpoints'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('updated', 'bigint', (c) => c.notNull())
    .addColumn('preset', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('contract', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('app_endpoints_scope_id', ['project_id', 'livemode', 'id'])
    // One endpoint per route in a project and mode.
    .addUniqueConstraint('app_endpoints_route', ['project_id', 'livemode', 'method', 'path'])
    .execute();
  // Requests are matched by path first, across projects.
  await db.schema.createIndex('app_endpoints_path').on('app_endpoints').column('path').execute();

  await db.schema
    .createTable('app_endpoint_settings')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('updated', 'bigint', (c) => c.notNull())
    .addColumn('jwt_secret', 'text')
    .addColumn('jwks_url', 'text')
    .addColumn('issuer', 'text')
    .addColumn('audience', 'text')
    .addColumn('customer_reference', 'text', (c) => c.notNull())
    .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('app_endpoint_settings_pk', ['project_id', 'livemode'])
    .execute();

  await db.schema
    .createTable('customer_api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
}
