import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: refunds (`re_…`) and disputes (`dp_…`) of charges. A refund is an attempt like a
 * charge: its own idempotency key, the processor's ref, and when to ask again about one left
 * without an answer. A charge keeps what its refunds took (`amount_refunded`, pending ones
 * included, as Stripe counts them), so two refunds at once cannot give back more than it
 * took. A credit note keeps the refunds it made or names (`refunds`, JSON).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('charges').addColumn('amount_refunded', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('credit_notes').addColumn('refunds', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  // The object-table columns, repeated: a frozen migration shares no helper that could change.
  const objectTable = (name: string) =>
    withSeq(db, db.schema.createTable(name))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('livemode', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addUniqueConstraint(`${name}_scope_id`, ['project_id', 'livemode', 'id']);
  const listIndexes = async (table: string, filters: string[]) => {
    for (const columns of [[], ...filters.map((f) => [f])]) {
      const name = columns.length ? `${table}_list_by_${columns[0]}` : `${table}_list`;
      await db.schema.createIndex(name).on(table).columns(['project_id', 'livemode', ...columns, 'seq']).execute();
      await db.schema.createIndex(`${name}_created`).on(table).columns(['project_id', 'livemode', ...columns, 'created', 'seq']).execute();
    }
  };

  await objectTable('refunds')
    .addColumn('charge', 'text', (c) => c.notNull())
    .addColumn('payment_intent', 'text', (c) => c.notNull())
    .addColumn('customer', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // recorded (not yet answered), unknown, pending, requires_action, succeeded, failed, canceled.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('processor', 'text', (c) => c.notNull())
    .addColumn('processor_ref', 'text')
    .addColumn('failure_reason', 'text')
    // When the reconciliation job may ask about a recorded or unknown refund.
    .addColumn('check_after', 'bigint')
    .execute();
  await listIndexes('refunds', ['charge', 'payment_intent']);
  await db.schema.createIndex('refunds_idempotency_key').unique().on('refunds').columns(['project_id', 'livemode', 'idempotency_key']).execute();
  // One refund per processor refund: a webhook about it applies to the same row however often it comes.
  await db.schema.createIndex('refunds_processor_ref').unique().on('refunds').columns(['project_id', 'livemode', 'processor', 'processor_ref']).where(sql.ref('processor_ref'), 'is not', null).execute();
  await db.schema.createIndex('refunds_unsettled').on('refunds').columns(['check_after']).where(sql.ref('check_after'), 'is not', null).execute();

  await objectTable('disputes')
    .addColumn('charge', 'text', (c) => c.notNull())
    .addColumn('payment_intent', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('processor', 'text', (c) => c.notNull())
    .addColumn('processor_ref', 'text', (c) => c.notNull())
    .execute();
  await listIndexes('disputes', ['charge', 'payment_intent']);
  await db.schema.createIndex('disputes_processor_ref').unique().on('disputes').columns(['project_id', 'livemode', 'processor', 'processor_ref']).execute();
}
