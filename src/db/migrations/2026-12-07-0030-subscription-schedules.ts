import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: subscription schedules (`sub_sched_…`): phases as JSON, the index of the phase in
 * effect, and `next_at`, when the billing jobs next move the schedule (its start, the end of
 * its current phase, or the expiring notice); null once it has ended. A subscription names
 * the schedule that manages it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withSeq(db, db.schema.createTable('subscription_schedules'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('subscription', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('end_behavior', 'text', (c) => c.notNull())
    .addColumn('default_settings', 'text', (c) => c.notNull())
    .addColumn('phases', 'text', (c) => c.notNull())
    .addColumn('current_phase', 'integer')
    .addColumn('next_at', 'bigint')
    .addColumn('expiring_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('test_clock', 'text')
    .addColumn('canceled_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('released_at', 'bigint')
    .addColumn('released_subscription', 'text')
    .addUniqueConstraint('subscription_schedules_scope_id', ['project_id', 'livemode', 'id'])
    .execute();
  // Each list filter walks its own range in list order (by seq, or by created then seq): the
  // customer's, and the subsets the others select, as partial indexes.
  const table = 'subscription_schedules';
  for (const [name, where] of [
    ['list', null],
    ['customer', null],
    ['not_started', sql<boolean>`status = 'not_started'`],
    ['started', sql<boolean>`status <> 'not_started'`],
    ['canceled', sql<boolean>`canceled_at is not null`],
    ['completed', sql<boolean>`completed_at is not null`],
    ['released', sql<boolean>`released_at is not null`],
  ] as const) {
    const lead = name === 'customer' ? ['project_id', 'livemode', 'customer'] : ['project_id', 'livemode'];
    for (const [suffix, order] of [['', ['seq']], ['_created', ['created', 'seq']]] as const) {
      const index = db.schema.createIndex(`${table}_${name}${suffix}`).on(table).columns([...lead, ...order]);
      await (where === null ? index : index.where(where)).execute();
    }
  }
  await db.schema.createIndex('subscription_schedules_due').on('subscription_schedules').columns(['test_clock', 'next_at']).execute();
  await db.schema.alterTable('subscriptions').addColumn('schedule', 'text').execute();
}
