import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: customer portal configurations and sessions. A session keeps only hashes of
 * its link token and of its cookie; the link is spent once opened (`opened_at`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The object-table columns of 0001, repeated: a frozen migration shares no helper that could change.
  const objectTable = (name: string) =>
    withSeq(db, db.schema.createTable(name))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('livemode', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addUniqueConstraint(`${name}_scope_id`, ['project_id', 'livemode', 'id']);

  await objectTable('portal_configurations')
    .addColumn('updated', 'bigint', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('default_return_url', 'text')
    .addColumn('business_profile', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('branding', 'text', (c) => c.notNull())
    .addColumn('embedding', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  // One default per project and mode: a second insert of a default fails instead of racing.
  await db.schema
    .createIndex('portal_configurations_default')
    .on('portal_configurations')
    .columns(['project_id', 'livemode'])
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .execute();

  await objectTable('portal_sessions')
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('configuration', 'text', (c) => c.notNull())
    .addColumn('return_url', 'text')
    .addColumn('locale', 'text')
    .addColumn('on_behalf_of', 'text')
    .addColumn('flow', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('link_hash', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint')
    .addColumn('cookie_hash', 'text')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.createIndex('portal_sessions_link_hash').on('portal_sessions').column('link_hash').unique().execute();
  await db.schema.createIndex('portal_sessions_cookie_hash').on('portal_sessions').column('cookie_hash').unique().execute();
}
