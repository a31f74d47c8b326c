import { sql, type Kysely } from 'kysely';

/**
 * Frozen: subscription items carry their subscription's `seq` and `created`, so the
 * subscriptions holding a price are one walk of an index on the price in the list's order
 * (newest written, or by `created` for a created range), joined back by `seq`. Existing
 * items are filled from their subscriptions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscription_items').addColumn('subscription_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('subscription_items').addColumn('subscription_created', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  const of = (column: string) =>
    sql`(select s.${sql.ref(column)} from subscriptions s where s.project_id = subscription_items.project_id and s.livemode = subscription_items.livemode and s.id = subscription_items.subscription)`;
  await sql`update subscription_items set subscription_seq = ${of('seq')}, subscription_created = ${of('created')}`.execute(db);
  for (const order of [['subscription_seq'], ['subscription_created', 'subscription_seq']]) {
    await db.schema
      .createIndex(order.length > 1 ? 'subscription_items_by_price_created' : 'subscription_items_by_price')
      .on('subscription_items')
      .columns(['project_id', 'livemode', 'price', ...order])
      .execute();
  }
}
