import type { Kysely } from 'kysely';

/**
 * Frozen: the payment processor of each project and mode, with its credentials sealed
 * (src/secrets). `version` is new (random) with every change, so a processor built from the
 * settings can be kept until they change, even when they are removed and set again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('processor_settings')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('credentials', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('updated', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('processor_settings_pk', ['project_id', 'livemode'])
    .execute();
}
