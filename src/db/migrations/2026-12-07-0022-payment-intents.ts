import { sql, type Kysely } from 'kysely';
import { withSeq } from '../engine.ts';

/**
 * Frozen: invoice payments as Stripe keeps them. A payment intent (`pi_…`) per invoice, its
 * invoice payment (`inpay_…`) beside it, and a charge (`ch_…`) per attempt, each attempt with
 * its own idempotency key and the processor's ref, so an attempt whose outcome is unknown is
 * asked about again, never charged anew. The payments table's rows become these: one intent
 * per invoice, one charge per payment; then it is dropped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const objectTable = (name: string) =>
    withSeq(db, db.schema.createTable(name))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('livemode', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addUniqueConstraint(`${name}_scope_id`, ['project_id', 'livemode', 'id']);

  await objectTable('payment_intents')
    .addColumn('customer', 'text')
    .addColumn('invoice', 'text')
    .addColumn('invoice_payment', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('amount_received', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text')
    .addColumn('latest_charge', 'text')
    .addColumn('last_payment_error', 'text')
    // Sealed: a challenge link is a credential to the customer's authentication.
    .addColumn('next_action_url', 'text')
    .addColumn('return_url', 'text')
    .addColumn('description', 'text')
    .addColumn('canceled_at', 'bigint')
    .addColumn('cancellation_reason', 'text')
    .addColumn('paid_at', 'bigint')
    .execute();
  // The lists: every intent, by customer; invoice payments (intents with an invoice), by invoice.
  await db.schema.createIndex('payment_intents_list').on('payment_intents').columns(['project_id', 'livemode', 'seq']).execute();
  await db.schema.createIndex('payment_intents_customer').on('payment_intents').columns(['project_id', 'livemode', 'customer', 'seq']).execute();
  await db.schema.createIndex('payment_intents_invoice_payments').on('payment_intents').columns(['project_id', 'livemode', 'seq']).where(sql.ref('invoice'), 'is not', null).execute();
  await db.schema.createIndex('payment_intents_invoice_list').on('payment_intents').columns(['project_id', 'livemode', 'invoice', 'seq']).execute();
  await db.schema.createIndex('payment_intents_invoice').unique().on('payment_intents').columns(['project_id', 'livemode', 'invoice']).where(sql.ref('invoice'), 'is not', null).execute();
  await db.schema.createIndex('payment_intents_invoice_payment').on('payment_intents').columns(['project_id', 'livemode', 'invoice_payment']).execute();

  await objectTable('charges')
    .addColumn('payment_intent', 'text', (c) => c.notNull())
    .addColumn('invoice', 'text')
    .addColumn('customer', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text')
    // pending (recorded, not yet answered), unknown, requires_action, processing, succeeded, failed;
    // superseded: a new attempt replaced it while it waited for authentication.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('processor', 'text', (c) => c.notNull())
    .addColumn('processor_ref', 'text')
    .addColumn('off_session', 'integer', (c) => c.notNull())
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('decline_code', 'text')
    .addColumn('dispute', 'text')
    // When the reconciliation job may ask about a pending or unknown attempt.
    .addColumn('check_after', 'bigint')
    .execute();
  await db.schema.createIndex('charges_payment_intent').on('charges').columns(['project_id', 'livemode', 'payment_intent', 'seq']).execute();
  await db.schema.createIndex('charges_invoice').on('charges').columns(['project_id', 'livemode', 'invoice', 'status']).execute();
  await db.schema.createIndex('charges_idempotency_key').unique().on('charges').columns(['project_id', 'livemode', 'idempotency_key']).execute();
  await db.schema.createIndex('charges_processor_ref').on('charges').columns(['processor_ref']).execute();
  await db.schema.createIndex('charges_unsettled').on('charges').columns(['check_after']).where(sql.ref('check_after'), 'is not', null).execute();
  // At most one succeeded charge per invoice: a second cannot commit, whatever races.
  await db.schema
    .createIndex('charges_one_success')
    .unique()
    .on('charges')
    .columns(['project_id', 'livemode', 'invoice'])
    .where(sql.ref('status'), '=', sql.lit('succeeded'))
    .execute();

  const payments: any[] = await db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', (j) => j.onRef('i.project_id', '=', 'p.project_id').onRef('i.livemode', '=', 'p.livemode').onRef('i.id', '=', 'p.invoice'))
    .select(['p.id', 'p.project_id', 'p.livemode', 'p.invoice', 'p.amount', 'p.currency', 'p.payment_method', 'p.status', 'p.decline_code', 'p.created', 'i.customer', 'i.paid_at'])
    .orderBy('p.created')
    .orderBy('p.id')
    .execute();
  const intents = new Map<string, any>();
  for (const p of payments) {
    const key = `${p.project_id}:${p.livemode}:${p.invoice}`;
    const suffix = String(p.id).slice(3);
    let intent = intents.get(key);
    if (!intent) {
      intent = { id: `pi_${suffix}`, project_id: p.project_id, livemode: p.livemode, created: p.created, customer: p.customer, invoice: p.invoice, invoice_payment: `inpay_${suffix}`, amount: p.amount, amount_received: 0, currency: p.currency, status: 'requires_payment_method', payment_method: p.payment_method, latest_charge: null, last_payment_error: null, paid_at: null };
      intents.set(key, intent);
    }
    const charge = `ch_${suffix}`;
    intent.latest_charge = charge;
    intent.payment_method = p.payment_method;
    if (p.status === 'succeeded') Object.assign(intent, { status: 'succeeded', amount: p.amount, amount_received: p.amount, last_payment_error: null, paid_at: p.paid_at ?? p.created });
    else intent.last_payment_error = JSON.stringify({ type: 'card_error', code: 'card_declined', decline_code: p.decline_code, message: 'Your card was declined.', charge, payment_method: p.payment_method });
    await db
      .insertInto('charges')
      .values({ id: charge, project_id: p.project_id, livemode: p.livemode, created: p.created, payment_intent: intent.id, invoice: p.invoice, customer: p.customer, amount: p.amount, currency: p.currency, payment_method: p.payment_method, status: p.status, idempotency_key: `migrated:${p.id}`, processor: 'test', processor_ref: null, off_session: 1, failure_code: p.status === 'failed' ? 'card_declined' : null, failure_message: p.status === 'failed' ? 'Your card was declined.' : null, decline_code: p.decline_code })
      .execute();
  }
  for (const intent of intents.values()) await db.insertInto('payment_intents').values(intent).execute();
  await db.schema.dropTable('payments').execute();
}
