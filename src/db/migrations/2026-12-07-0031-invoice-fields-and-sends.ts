import type { Kysely } from 'kysely';

/**
 * Frozen: what an invoice shows its customer besides its lines (`custom_fields` as JSON
 * [{name, value}], `footer`), and the sends asked for with `POST /v1/invoices/:id/send`:
 * one row per request, to the address the customer had then, waiting (`delivered_at` null)
 * for the email sender to deliver it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoices').addColumn('custom_fields', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('footer', 'text').execute();
  await db.schema
    .createTable('invoice_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('invoice', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('invoice_sends_by_invoice').on('invoice_sends').columns(['project_id', 'livemode', 'invoice']).execute();
  await db.schema.createIndex('invoice_sends_undelivered').on('invoice_sends').columns(['delivered_at', 'requested_at']).execute();
}
