import type { Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/** Frozen: projects, keys, customers, catalog, payment methods, events, idempotency. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  const objectTable = (name: string) =>
    withSeq(db, db.schema.createTable(name))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('livemode', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addUniqueConstraint(`${name}_scope_id`, ['project_id', 'livemode', 'id']);

  await objectTable('customers')
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('description', 'text')
    .addColumn('address', 'text')
    .addColumn('shipping', 'text')
    .addColumn('invoice_prefix', 'text', (c) => c.notNull())
    .addColumn('default_payment_method', 'text')
    .addColumn('invoice_settings', 'text')
    .addColumn('preferred_locales', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text')
    .addColumn('tax_exempt', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('test_clock', 'text')
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('customers_email').on('customers').columns(['project_id', 'livemode', 'email']).execute();

  await objectTable('products')
    .addColumn('updated', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_price', 'text')
    .addColumn('images', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('marketing_features', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('unit_label', 'text')
    .addColumn('url', 'text')
    .addColumn('statement_descriptor', 'text')
    .addColumn('tax_code', 'text')
    .addColumn('shippable', 'integer')
    .addColumn('package_dimensions', 'text')
    .execute();

  await objectTable('prices')
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('unit_amount', 'bigint')
    .addColumn('unit_amount_decimal', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('billing_scheme', 'text', (c) => c.notNull())
    .addColumn('recurring_interval', 'text')
    .addColumn('recurring_interval_count', 'integer')
    .addColumn('recurring_usage_type', 'text')
    .addColumn('lookup_key', 'text')
    .addColumn('nickname', 'text')
    .addColumn('tax_behavior', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('prices_product').on('prices').columns(['project_id', 'livemode', 'product']).execute();
  await db.schema
    .createIndex('prices_lookup_key')
    .unique()
    .on('prices')
    .columns(['project_id', 'livemode', 'lookup_key'])
    .where('lookup_key', 'is not', null)
    .execute();

  await objectTable('payment_methods')
    .addColumn('customer', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('billing_details', 'text', (c) => c.notNull())
    .addColumn('card_brand', 'text', (c) => c.notNull())
    .addColumn('card_last4', 'text', (c) => c.notNull())
    .addColumn('card_exp_month', 'integer', (c) => c.notNull())
    .addColumn('card_exp_year', 'integer', (c) => c.notNull())
    .addColumn('card_fingerprint', 'text', (c) => c.notNull())
    .addColumn('card_funding', 'text', (c) => c.notNull())
    .addColumn('card_country', 'text')
    .addColumn('gateway_card', 'text', (c) => c.notNull())
    .addColumn('allow_redisplay', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payment_methods_customer')
    .on('payment_methods')
    .columns(['project_id', 'livemode', 'customer'])
    .execute();

  await objectTable('events')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('api_version', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('pending_webhooks', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('events_type').on('events').columns(['project_id', 'livemode', 'type']).execute();
  await db.schema.createIndex('events_created').on('events').column('created').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['project_id', 'livemode', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created').execute();
}
