import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: one index per list and filter, each the scope, then the filtered column, then the
 * list order (`created`, `seq`), so a page is one index walk of `limit` rows whatever the
 * table's size. Lists that hide deleted rows, or filter on null / not null, get partial
 * indexes. Older indexes that are a prefix of a new one are dropped: the new one serves
 * their lookups too. Customer keys become a paginated list like the others: their table
 * is rebuilt with a `seq` (SQLite adds no identity column in place).
 */
const LISTS: Record<string, { filters: string[]; where?: string }> = {
  customers: { filters: ['email', 'test_clock'], where: 'deleted_at is null' },
  coupons: { filters: [], where: 'deleted_at is null' },
  products: { filters: ['active', 'shippable', 'url'] },
  prices: { filters: ['active', 'currency', 'product', 'recurring_interval', 'type'] },
  promotion_codes: { filters: ['active', 'code_key', 'coupon', 'customer'] },
  tax_rates: { filters: ['active', 'inclusive'] },
  tax_ids: { filters: ['customer'] },
  payment_methods: { filters: ['customer'] },
  events: { filters: ['type'] },
  invoice_items: { filters: ['customer', 'invoice'] },
  invoices: { filters: ['customer', 'status', 'collection_method', 'subscription'] },
  subscriptions: { filters: ['customer', 'status', 'collection_method'] },
  subscription_items: { filters: ['subscription'] },
  portal_configurations: { filters: ['active', 'is_default'] },
  test_clocks: { filters: [] },
  webhook_endpoints: { filters: [] },
  webhook_attempts: { filters: ['endpoint_id', 'event_id'] },
  app_endpoints: { filters: [] },
  customer_api_keys: { filters: ['customer'] },
};

const REPLACED = [
  'events_type',
  'prices_product',
  'payment_methods_customer',
  'promotion_codes_coupon',
  'invoices_customer',
  'invoices_subscription',
  'subscriptions_customer',
];

/** Rows read whole in insertion order: an invoice's lines, a subscription's items. */
const IN_ORDER: Record<string, { table: string; columns: string[] }> = {
  invoice_items_invoice: { table: 'invoice_items', columns: ['invoice'] },
  subscription_items_subscription: { table: 'subscription_items', columns: ['subscription'] },
};

export async function up(db: Kysely<any>): Promise<void> {
  await withSeq(db, db.schema.createTable('customer_api_keys_paged'))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  const columns = ['id', 'project_id', 'livemode', 'customer', 'secret_hash', 'last4', 'created', 'revoked_at'];
  await db
    .insertInto('customer_api_keys_paged')
    .columns(columns)
    .expression(db.selectFrom('customer_api_keys').select(columns).orderBy('created').orderBy('id'))
    .execute();
  await db.schema.dropTable('customer_api_keys').execute();
  await db.schema.alterTable('customer_api_keys_paged').renameTo('customer_api_keys').execute();

  const create = async (name: string, table: string, columns: string[], where?: string) => {
    let index = db.schema.createIndex(name).on(table).columns(['project_id', 'livemode', ...columns, 'created', 'seq']);
    if (where) index = index.where(sql.raw<boolean>(where));
    await index.execute();
  };
  for (const [table, { filters, where }] of Object.entries(LISTS)) {
    await create(`${table}_list`, table, [], where);
    for (const column of filters) await create(`${table}_list_by_${column}`, table, [column], where);
  }
  // Pending invoice items, and billed ones.
  await create('invoice_items_list_pending', 'invoice_items', [], 'invoice is null');
  await create('invoice_items_list_invoiced', 'invoice_items', [], 'invoice is not null');
  // Events every endpoint has received, and those some endpoint has not received yet.
  await create('events_list_delivered', 'events', [], 'pending_webhooks = 0');
  await create('events_list_undelivered', 'events', [], 'pending_webhooks > 0');
  for (const name of REPLACED) await db.schema.dropIndex(name).execute();
  // SQLite ends every index with the rowid (`seq`); PostgreSQL needs it spelled out.
  for (const [name, { table, columns }] of Object.entries(IN_ORDER)) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on(table).columns(['project_id', 'livemode', ...columns, 'seq']).execute();
  }
}
