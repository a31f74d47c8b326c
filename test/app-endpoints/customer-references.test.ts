import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/db/engine.ts';
import { migrate } from '../../src/db/migrate.ts';
import { describeEachEngine } from '../support/suite.ts';
import { startAppEndpoints } from '../support/app-endpoints.ts';

// A caller's claim finds its customer through the index of customers' metadata: the index
// follows every change of a customer's metadata, and the migration fills it for customers
// that existed before it.

async function open(engine: Engine) {
  const s = await startAppEndpoints(engine);
  await s.enable('bearer-data-subscription');
  return s;
}

describeEachEngine('app endpoint customer references', open, (server) => {
  const subscriptionOf = async (sub: string) => {
    const s = server();
    return s.send('http://x/api/billing/subscription', { headers: { Authorization: `Bearer ${await s.token({ sub })}` } });
  };
  const customerOf = async (sub: string) => {
    const reply = await subscriptionOf(sub);
    if (reply.status === 404) return null;
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.data.subscription?.id ?? 'no subscription';
  };

  it('follows the customer\'s metadata: changed, removed, cleared, deleted, another key', async () => {
    const s = server();
    const ada = s.customers.ada.id;
    const adaSubscription = (await s.stripe.subscriptions.list({ customer: ada })).data[0].id;
    assert.equal(await customerOf('user_ada'), adaSubscription);

    await s.stripe.customers.update(ada, { metadata: { bursar_ref: 'user_ada_2', team: 'blue' } });
    assert.equal(await customerOf('user_ada'), null, 'the old reference no longer names her');
    assert.equal(await customerOf('user_ada_2'), adaSubscription);

    await s.stripe.customers.update(ada, { metadata: { bursar_ref: '' } });
    assert.equal(await customerOf('user_ada_2'), null, 'an emptied key names no one');
    await s.stripe.customers.update(ada, { metadata: { bursar_ref: 'user_ada' } });
    assert.equal(await customerOf('user_ada'), adaSubscription);
    await s.stripe.customers.update(ada, { metadata: '' as any });
    assert.equal(await customerOf('user_ada'), null, 'cleared metadata names no one');
    await s.stripe.customers.update(ada, { metadata: { bursar_ref: 'user_ada' } });

    const newcomer = await s.stripe.customers.create({ name: 'Newcomer', metadata: { bursar_ref: 'user_new', team: 'red' } });
    assert.equal(await customerOf('user_new'), 'no subscription');
    await s.stripe.customers.del(newcomer.id);
    assert.equal(await customerOf('user_new'), null, 'a deleted customer is no one\'s');

    await s.api.call('POST', '/v1/app_endpoint_settings', { params: { customer_reference: 'metadata.team' } });
    try {
      assert.equal(await customerOf('blue'), null, 'Ada left team blue when her metadata was replaced');
      await s.stripe.customers.update(ada, { metadata: { team: 'green' } });
      assert.equal(await customerOf('green'), adaSubscription);
      assert.equal(await customerOf('user_ada'), null, 'only the configured key is matched');
    } finally {
      await s.api.call('POST', '/v1/app_endpoint_settings', { params: { customer_reference: 'metadata.bursar_ref' } });
    }
  });

  it('customers from before the index are found: its migration fills it from their metadata', async () => {
    const s = server();
    const db = s.api.storage.db as any;
    await db.schema.dropTable('customer_references').execute();
    await db.deleteFrom('bursar_migrations').where('name', '=', '2026-11-23-0013-customer-references').execute();
    const result = await migrate(db);
    assert.deepEqual(result.results?.map((r) => [r.migrationName, r.status]), [['2026-11-23-0013-customer-references', 'Success']]);
    const grace = (await s.stripe.subscriptions.list({ customer: s.customers.grace.id })).data[0].id;
    assert.equal(await customerOf('user_grace'), grace);
    assert.equal((await subscriptionOf('org_acme')).status, 200);
    assert.equal(await customerOf('user_nobody'), null);
  });
});
