import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/** Frozen: test clocks, and the clock a test-mode customer lives on. */
export async function up(db: Kysely<any>): Promise<void> {
  await withSeq(db, db.schema.createTable('test_clocks'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('frozen_time', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('deletes_after', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('test_clocks_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  await db.schema.createIndex('customers_test_clock').on('customers').columns(['project_id', 'livemode', 'test_clock']).execute();
}
