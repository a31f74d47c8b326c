import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: indexes that yield every list page in order, whatever the table's size. Each is
 * the scope, then the filtered column, then the order: `seq` (newest written first), and for
 * lists that take a `created` range a second one ordered by `created`, then `seq`. Lists that
 * hide deleted rows, and filters on null / not null or on delivery, get partial indexes.
 * Older indexes that the new ones cover are dropped. Customer keys become a paginated list
 * like the others: their table is rebuilt with a `seq` (SQLite adds no identity column in
 * place).
 */
const LISTS: Record<string, { filters: string[]; created?: true; where?: string }> = {
  customers: { filters: ['email', 'test_clock'], created: true, where: 'deleted_at is null' },
  coupons: { filters: [], created: true, where: 'deleted_at is null' },
  products: { filters: ['active', 'shippable', 'url'], created: true },
  prices: { filters: ['active', 'currency', 'product', 'recurring_interval', 'type'], created: true },
  promotion_codes: { filters: ['active', 'code_key', 'coupon', 'customer'], created: true },
  tax_rates: { filters: ['active', 'inclusive'], created: true },
  events: { filters: ['type'], created: true },
  invoice_items: { filters: ['customer', 'invoice'], created: true },
  invoices: { filters: ['customer', 'status', 'collection_method', 'subscription'], created: true },
  subscriptions: { filters: ['customer', 'status', 'collection_method'], created: true },
  tax_ids: { filters: ['customer'] },
  payment_methods: { filters: ['customer'] },
  subscription_items: { filters: ['subscription'] },
  portal_configurations: { filters: ['active', 'is_default'] },
  test_clocks: { filters: [] },
  webhook_endpoints: { filters: [] },
  webhook_attempts: { filters: ['endpoint_id', 'event_id'] },
  app_endpoints: { filters: [] },
  customer_api_keys: { filters: ['customer'] },
};

/** Subsets of a list (`where`), as partial indexes of that list. */
const SUBSETS: { table: string; name: string; where: string }[] = [
  { table: 'invoice_items', name: 'pending', where: 'invoice is null' },
  { table: 'invoice_items', name: 'invoiced', where: 'invoice is not null' },
  { table: 'events', name: 'delivered', where: 'pending_webhooks = 0' },
  { table: 'events', name: 'undelivered', where: 'pending_webhooks > 0' },
];

/**
 * Covered by a new index: the same columns, with `seq` (which SQLite appends anyway) spelled
 * out; and `events_created`, unused since lists read `created` within their scope.
 */
const REPLACED = [
  'events_created',
  'events_type',
  'prices_product',
  'payment_methods_customer',
  'promotion_codes_coupon',
  'invoices_customer',
  'invoices_subscription',
  'subscriptions_customer',
  'invoice_items_invoice',
  'subscription_items_subscription',
  'tax_ids_customer',
];

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

  for (const name of REPLACED) await db.schema.dropIndex(name).execute();
  const create = async (name: string, table: string, columns: string[], created: boolean, where?: string) => {
    for (const order of created ? [['seq'], ['created', 'seq']] : [['seq']]) {
      let index = db.schema.createIndex(order.length > 1 ? `${name}_created` : name).on(table).columns(['project_id', 'livemode', ...columns, ...order]);
      if (where) index = index.where(sql.raw<boolean>(where));
      await index.execute();
    }
  };
  for (const [table, { filters, created = false, where }] of Object.entries(LISTS)) {
    await create(`${table}_list`, table, [], created, where);
    for (const column of filters) await create(`${table}_list_by_${column}`, table, [column], created, where);
  }
  for (const { table, name, where } of SUBSETS) await create(`${table}_list_${name}`, table, [], LISTS[table].created ?? false, where);
}
