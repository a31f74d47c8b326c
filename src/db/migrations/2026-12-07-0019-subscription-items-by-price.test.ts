import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStorage } from '../database.ts';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

const NAME = '2026-12-07-0019-subscription-items-by-price';

describeEachEngine('migration 0019: items carry their subscription order', createTestApi, (get) => {
  it("fills existing items with their subscription's seq and created, so a database from before lists them by price", async () => {
    const api = get();
    const post = async (path: string, params: Record<string, unknown>) => {
      const res = await api.call('POST', path, { params });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const price = await post('/v1/prices', { currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const other = await post('/v1/prices', { currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Add-on' } });
    const subs = [];
    for (const items of [[price], [other], [other, price]]) {
      api.clock.advance(60);
      const cus = await post('/v1/customers', { email: 'old@example.com' });
      await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
      subs.push(await post('/v1/subscriptions', { customer: cus.id, items: items.map((p) => ({ price: p.id })), collection_method: 'send_invoice', days_until_due: 30 }));
    }
    // The database as it was before the migration: items without the copies, the migration not applied.
    const db = api.storage.db;
    for (const index of ['subscription_items_by_price', 'subscription_items_by_price_created']) await db.schema.dropIndex(index).execute();
    for (const column of ['subscription_seq', 'subscription_created']) await db.schema.alterTable('subscription_items').dropColumn(column).execute();
    await sql`delete from bursar_migrations where name = ${NAME}`.execute(db);

    const reopened = await openStorage(api.storage.options);
    try {
      assert.deepEqual(reopened.migrated, [NAME]);
    } finally {
      await reopened.close();
    }
    const listed = async (params: Record<string, unknown>) =>
      (await api.call('GET', '/v1/subscriptions', { params: { price: price.id, ...params } })).body.data.map((s: any) => s.id);
    assert.deepEqual(await listed({}), [subs[2].id, subs[0].id]);
    assert.deepEqual(await listed({ created: { gt: subs[0].created } }), [subs[2].id]);
    assert.deepEqual(await listed({ starting_after: subs[2].id }), [subs[0].id]);
  });
});
