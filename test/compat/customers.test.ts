import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('customers through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates and deletes a customer', async () => {
    const { stripe } = sdk();
    const created = await stripe.customers.create({
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
      metadata: { plan: 'pro' },
      address: { line1: '1 Rue de Rivoli', city: 'Paris', country: 'FR' },
      preferred_locales: ['fr', 'en'],
    });
    assert.match(created.id, /^cus_/);
    assert.equal(created.object, 'customer');
    assert.equal(created.livemode, false);
    assert.equal(created.email, 'jenny@example.com');
    assert.deepEqual(created.metadata, { plan: 'pro' });
    assert.equal(created.address?.city, 'Paris');
    assert.deepEqual(created.preferred_locales, ['fr', 'en']);
    assert.match(created.lastResponse.requestId, /^req_/);

    const retrieved = await stripe.customers.retrieve(created.id);
    assert.ok(!retrieved.deleted);
    assert.equal(retrieved.name, 'Jenny Rosen');
    assert.equal(retrieved.created, created.created);

    const updated = await stripe.customers.update(created.id, {
      name: 'Jenny R.',
      description: 'VIP',
      metadata: { plan: '', seats: '3' },
      address: { line2: 'Apt 4' },
    });
    assert.equal(updated.name, 'Jenny R.');
    assert.equal(updated.description, 'VIP');
    assert.deepEqual(updated.metadata, { seats: '3' });
    assert.equal(updated.address?.line1, '1 Rue de Rivoli');
    assert.equal(updated.address?.line2, 'Apt 4');

    const cleared = await stripe.customers.update(created.id, { description: '' });
    assert.equal(cleared.description, null);

    const deleted = await stripe.customers.del(created.id);
    assert.deepEqual({ ...deleted }, { id: created.id, object: 'customer', deleted: true });
  });

  it('shows a deleted customer as deleted and refuses to update it', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Gone' });
    await stripe.customers.del(customer.id);
    const after = await stripe.customers.retrieve(customer.id);
    assert.equal(after.deleted, true);
    assert.equal(after.id, customer.id);
    await assertSdkError(stripe.customers.update(customer.id, { name: 'Back' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: `No such customer: '${customer.id}'`,
    });
    const listed = await stripe.customers.list({ limit: 100 });
    assert.ok(!listed.data.some((c) => c.id === customer.id), 'a deleted customer is not listed');
  });

  it('lists customers filtered by email', async () => {
    const { stripe } = sdk();
    const wanted = await stripe.customers.create({ email: 'filter-me@example.com' });
    await stripe.customers.create({ email: 'someone-else@example.com' });
    const list = await stripe.customers.list({ email: 'filter-me@example.com' });
    assert.equal(list.object, 'list');
    assert.equal(list.url, '/v1/customers');
    assert.equal(list.has_more, false);
    assert.deepEqual(list.data.map((c) => c.id), [wanted.id]);
  });

  it('pages through every customer with for await and autoPagingToArray', async () => {
    const { stripe } = sdk();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await stripe.customers.create({ email: `pager-${i}@example.com`, metadata: { group: 'pager' } })).id);
    const newestFirst = [...ids].reverse();

    const seen: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) {
      if (customer.metadata.group === 'pager') seen.push(customer.id);
    }
    assert.deepEqual(seen, newestFirst);

    const firstPage = await stripe.customers.list({ limit: 3 });
    assert.equal(firstPage.has_more, true);
    assert.deepEqual(firstPage.data.map((c) => c.id), newestFirst.slice(0, 3));

    const five = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 5 });
    assert.deepEqual(five.map((c) => c.id), newestFirst.slice(0, 5));

    const back = await stripe.customers.list({ limit: 2, ending_before: newestFirst[4] });
    assert.deepEqual(back.data.map((c) => c.id), newestFirst.slice(2, 4));
  });
});
