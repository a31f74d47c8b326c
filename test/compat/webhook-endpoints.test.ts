import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('webhook endpoints through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates, lists and deletes endpoints as Stripe does', async () => {
    const { stripe } = sdk();
    const created = await stripe.webhookEndpoints.create({
      url: 'https://app.example.com/stripe/webhooks',
      enabled_events: ['customer.subscription.updated', 'customer.subscription.deleted'],
      description: 'Production app',
      metadata: { env: 'prod' },
    });
    assert.match(created.id, /^we_/);
    assert.equal(created.object, 'webhook_endpoint');
    assert.match(created.secret ?? '', /^whsec_/);
    assert.equal(created.status, 'enabled');
    assert.deepEqual(created.enabled_events, ['customer.subscription.updated', 'customer.subscription.deleted']);

    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    assert.equal(retrieved.secret, undefined);
    assert.equal(retrieved.url, created.url);

    const updated = await stripe.webhookEndpoints.update(created.id, { disabled: true, enabled_events: ['*'], metadata: { env: null } as any });
    assert.equal(updated.status, 'disabled');
    assert.deepEqual(updated.enabled_events, ['*']);
    assert.deepEqual(updated.metadata, {});

    const listed = await stripe.webhookEndpoints.list({ limit: 10 });
    assert.deepEqual(listed.data.map((e) => e.id), [created.id]);

    const deleted = await stripe.webhookEndpoints.del(created.id);
    assert.deepEqual({ id: deleted.id, object: deleted.object, deleted: deleted.deleted }, { id: created.id, object: 'webhook_endpoint', deleted: true });
    await assertSdkError(stripe.webhookEndpoints.retrieve(created.id), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: `No such webhook endpoint: '${created.id}'`,
    });
    await assertSdkError(stripe.webhookEndpoints.create({ url: 'nope', enabled_events: ['*'] }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'url_invalid',
      param: 'url',
      message: /^Invalid URL: nope\./,
    });
  });

  it('lists events not yet delivered with delivery_success=false', async () => {
    const { stripe } = sdk();
    const we = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['customer.created'] });
    const customer = await stripe.customers.create({ email: 'pending@example.com' });
    await stripe.customers.update(customer.id, { name: 'Not subscribed to' });
    const pending = await stripe.events.list({ delivery_success: false });
    assert.deepEqual(pending.data.map((e) => [e.type, e.pending_webhooks]), [['customer.created', 1]]);
    const delivered = await stripe.events.list({ delivery_success: true, type: 'customer.updated' });
    assert.deepEqual(delivered.data.map((e) => e.pending_webhooks), [0]);
    await stripe.webhookEndpoints.del(we.id);
  });
});
