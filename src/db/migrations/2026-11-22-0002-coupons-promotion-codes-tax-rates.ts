import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: coupons, promotion codes, tax rates. Percentages are integers so no float
 * reaches money math: a coupon's percent_off in hundredths of a percent (12.5% → 1250),
 * a tax rate's percentage in ten-thousandths of a percent (19.25% → 192500).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The object-table columns of 0001, repeated: a frozen migration shares no helper that could change.
  const objectTable = (name: string) =>
    withSeq(db, db.schema.createTable(name))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('livemode', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addUniqueConstraint(`${name}_scope_id`, ['project_id', 'livemode', 'id']);

  await objectTable('coupons')
    .addColumn('name', 'text')
    .addColumn('percent_off_hundredths', 'integer')
    .addColumn('amount_off', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('duration', 'text', (c) => c.notNull())
    .addColumn('duration_in_months', 'integer')
    .addColumn('max_redemptions', 'integer')
    .addColumn('redeem_by', 'bigint')
    .addColumn('applies_to_products', 'text')
    .addColumn('times_redeemed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', 'bigint')
    .execute();

  await objectTable('promotion_codes')
    .addColumn('coupon', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_key', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('customer', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('max_redemptions', 'integer')
    .addColumn('times_redeemed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_time_transaction', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minimum_amount', 'bigint')
    .addColumn('minimum_amount_currency', 'text')
    .addColumn('currency_options', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  // A code names one active promotion code per project and mode, whatever its case.
  await db.schema
    .createIndex('promotion_codes_active_code')
    .unique()
    .on('promotion_codes')
    .columns(['project_id', 'livemode', 'code_key'])
    .where(sql.ref('active'), '=', sql.lit(1))
    .execute();
  await db.schema.createIndex('promotion_codes_coupon').on('promotion_codes').columns(['project_id', 'livemode', 'coupon']).execute();

  await objectTable('tax_rates')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('percentage_ten_thousandths', 'integer', (c) => c.notNull())
    .addColumn('inclusive', 'integer', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('state', 'text')
    .addColumn('jurisdiction', 'text')
    .addColumn('tax_type', 'text')
    .execute();
}
