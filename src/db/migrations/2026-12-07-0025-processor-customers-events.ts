import { sql, type Kysely } from 'kysely';

/**
 * Frozen: each customer's customer at a payment processor (made once, its ref kept), and
 * which processor a saved payment method belongs to (`gateway_card` holds that processor's
 * ref). A processor's method is saved once however often it is reported. Every webhook a
 * processor sent, with what became of it; its event id makes applying it idempotent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('processor_customers')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('processor', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('processor_customers_pk', ['project_id', 'livemode', 'customer', 'processor'])
    .execute();
  // A processor's webhooks name its customer: found back by its ref.
  await db.schema.createIndex('processor_customers_ref').on('processor_customers').columns(['project_id', 'livemode', 'processor', 'ref']).execute();

  await db.schema.alterTable('payment_methods').addColumn('processor', 'text', (c) => c.notNull().defaultTo('test')).execute();
  // The test gateway's handles name a kind of test card, shared by many methods; a remote processor's refs are its own ids.
  await db.schema
    .createIndex('payment_methods_processor_ref')
    .on('payment_methods')
    .columns(['project_id', 'livemode', 'processor', 'gateway_card'])
    .unique()
    .where(sql.ref('processor'), '<>', 'test')
    .execute();

  // Card collections started on a processor's page, so the customer who comes back (or the
  // processor's webhook) saves the card to the customer who started it, and to nobody else.
  await db.schema
    .createTable('processor_setups')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('processor', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('processor_setups_pk', ['project_id', 'livemode', 'processor', 'ref'])
    .execute();

  await db.schema
    .createTable('processor_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('processor', 'text', (c) => c.notNull())
    // Null for a webhook refused before it was read (a bad signature).
    .addColumn('event_id', 'text')
    .addColumn('type', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('data', 'text')
    .addColumn('received', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('processor_events_event', ['project_id', 'livemode', 'processor', 'event_id'])
    .execute();
  // Refused webhooks (anyone may send one) are purged after a while: found by age.
  await db.schema.createIndex('processor_events_refused').on('processor_events').column('received').where(sql.ref('status'), '=', 'refused').execute();
}
