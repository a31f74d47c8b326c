import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/db/engine.ts';
import { migrate } from '../../src/db/migrate.ts';
import { describeEachEngine } from '../support/suite.ts';
import { startAppEndpoints } from '../support/app-endpoints.ts';
import { openPortal, textOf } from '../support/portal.ts';

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

  it('known by their email, customers cannot change it in the portal: no one takes over another\'s billing', async () => {
    const s = server();
    const ada = (await s.stripe.subscriptions.list({ customer: s.customers.ada.id })).data[0].id;
    const mallory = await s.stripe.customers.create({ name: 'Mallory', email: 'mallory@example.com' });
    await s.api.call('POST', '/v1/app_endpoint_settings', { params: { customer_reference: 'email' } });
    try {
      assert.equal(await customerOf('ada@example.com'), ada);
      // The portal configuration allows email changes; Mallory's portal does not offer hers.
      const { visitor: v } = await openPortal(s.api, { customer: mallory.id });
      const page = await v.get('/p/details');
      assert.doesNotMatch(page.html, /name="email"/);
      assert.match(textOf(page.html), /Name.*Save details/);
      const posted = await v.post('/p/details', { email: 'ada@example.com', name: 'Mallory M.' });
      assert.equal(posted.status, 303);
      const after = await s.stripe.customers.retrieve(mallory.id);
      assert.deepEqual(['email' in after && after.email, 'name' in after && after.name], ['mallory@example.com', 'Mallory M.']);
      assert.equal(await customerOf('ada@example.com'), ada, 'Ada is still herself');
      assert.equal(await customerOf('mallory@example.com'), 'no subscription');
    } finally {
      await s.api.call('POST', '/v1/app_endpoint_settings', { params: { customer_reference: 'metadata.bursar_ref' } });
    }
  });
});
