import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStorage } from '../database.ts';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { scenario } from '../../../test/scenarios/support.ts';

const NAME = '2026-12-07-0020-customer-balance-transactions';

describeEachEngine('migration 0020: the balance ledger starts from the balances there are', createTestApi, (get) => {
  const { post } = scenario(get);
  it('gives a customer who already had a balance its initial transaction, and a currency', async () => {
    const api = get();
    const credited = await post('/v1/customers', { balance: -2500 });
    const plain = await post('/v1/customers', {});
    // The database as it was before the migration: balances only, no ledger, no currency.
    const db = api.storage.db;
    await db.schema.dropTable('customer_balance_transactions').execute();
    await db.updateTable('customers').set({ currency: null }).execute();
    await sql`delete from bursar_migrations where name = ${NAME}`.execute(db);

    const reopened = await openStorage(api.storage.options);
    try {
      assert.deepEqual(reopened.migrated, [NAME]);
    } finally {
      await reopened.close();
    }
    const ledger = (await api.call('GET', `/v1/customers/${credited.id}/balance_transactions`)).body.data;
    assert.deepEqual(ledger.map((t: any) => [t.type, t.amount, t.ending_balance, t.currency, t.created]), [['initial', -2500, -2500, 'usd', credited.created]]);
    assert.match(ledger[0].id, /^cbtxn_[0-9A-Za-z]{24}$/);
    assert.equal((await api.call('GET', `/v1/customers/${credited.id}`)).body.currency, 'usd');
    assert.deepEqual((await api.call('GET', `/v1/customers/${plain.id}/balance_transactions`)).body.data, []);
    assert.equal((await api.call('GET', `/v1/customers/${plain.id}`)).body.currency, null);
  });
});
