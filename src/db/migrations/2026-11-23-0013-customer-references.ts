import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.ts';

/**
 * Frozen: an index of customers by their metadata entries, so an app endpoint finds the
 * customer a caller's claim names (`metadata.<key>`) with one index lookup instead of reading
 * every customer's JSON. One row per customer and metadata key; filled from existing customers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customer_references')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_references_pkey', ['project_id', 'livemode', 'key', 'value', 'customer'])
    .execute();
  await db.schema.createIndex('customer_references_customer').on('customer_references').column('customer').execute();
  const entries = engineOf(db) === 'postgres' ? sql`jsonb_each_text(c.metadata::jsonb) m` : sql`json_each(c.metadata) m`;
  await sql`insert into customer_references (project_id, livemode, key, value, customer)
    select c.project_id, c.livemode, m.key, m.value, c.id from customers c, ${entries}`.execute(db);
}
