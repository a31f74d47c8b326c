import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStorage } from '../database.ts';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

const NAME = '2026-12-07-0022-payment-intents';

describeEachEngine('migration 0022: payments become payment intents and charges', createTestApi, (get) => {
  it('keeps every payment a database from before holds: one intent per invoice, a charge per attempt', async () => {
    const api = get();
    const post = async (path: string, params: Record<string, unknown> = {}) => {
      const res = await api.call('POST', path, { params });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const cus = await post('/v1/customers', {});
    const visa = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    const poor = await post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: cus.id });
    const invoice = async () => {
      await post('/v1/invoiceitems', { customer: cus.id, amount: 2500, currency: 'usd' });
      return post(`/v1/invoices/${(await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' })).id}/finalize`);
    };
    const retried = await invoice();
    const declined = await invoice();
    // The database as it was: the payments table with the rows Bursar wrote then, the migration not applied.
    const db = api.storage.db as any;
    await db.schema.dropTable('charges').execute();
    await db.schema.dropTable('payment_intents').execute();
    await db.schema
      .createTable('payments')
      .addColumn('id', 'text', (c: any) => c.primaryKey())
      .addColumn('project_id', 'text', (c: any) => c.notNull())
      .addColumn('livemode', 'integer', (c: any) => c.notNull())
      .addColumn('invoice', 'text', (c: any) => c.notNull())
      .addColumn('amount', 'bigint', (c: any) => c.notNull())
      .addColumn('currency', 'text', (c: any) => c.notNull())
      .addColumn('payment_method', 'text')
      .addColumn('status', 'text', (c: any) => c.notNull())
      .addColumn('decline_code', 'text')
      .addColumn('created', 'bigint', (c: any) => c.notNull())
      .execute();
    const { scope } = api.ctx();
    const row = { project_id: scope.projectId, livemode: 0, amount: 2500, currency: 'usd', created: api.clock.now() };
    await db.insertInto('payments').values([
      { ...row, id: 'py_000000000000000000000001', invoice: retried.id, payment_method: poor.id, status: 'failed', decline_code: 'generic_decline' },
      { ...row, id: 'py_000000000000000000000002', invoice: retried.id, payment_method: visa.id, status: 'succeeded', decline_code: null },
      { ...row, id: 'py_000000000000000000000003', invoice: declined.id, payment_method: poor.id, status: 'failed', decline_code: 'generic_decline' },
    ]).execute();
    await sql`delete from bursar_migrations where name = ${NAME}`.execute(db);

    const reopened = await openStorage(api.storage.options);
    try {
      assert.deepEqual(reopened.migrated, [NAME]);
    } finally {
      await reopened.close();
    }
    const paymentOf = async (inv: string) => (await api.call('GET', '/v1/invoice_payments', { params: { invoice: inv } })).body.data;
    const [paid] = await paymentOf(retried.id);
    assert.deepEqual([paid.status, paid.amount_paid], ['paid', 2500]);
    const intent = (await api.call('GET', `/v1/payment_intents/${paid.payment.payment_intent}`)).body;
    assert.deepEqual([intent.status, intent.amount_received, intent.payment_method, intent.latest_charge], ['succeeded', 2500, visa.id, 'ch_000000000000000000000002']);
    assert.equal((await api.call('GET', '/v1/charges/ch_000000000000000000000001')).body.failure_code, 'card_declined');
    const [open] = await paymentOf(declined.id);
    const failed = (await api.call('GET', `/v1/payment_intents/${open.payment.payment_intent}`)).body;
    assert.deepEqual([open.status, failed.status, failed.last_payment_error.decline_code], ['open', 'requires_payment_method', 'generic_decline']);
    assert.equal((await api.storage.db.selectFrom('charges').select('id').execute()).length, 3);
  });
});
