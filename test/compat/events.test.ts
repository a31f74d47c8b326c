import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('events through the stripe SDK', startSdkServer, (sdk) => {
  it('lists events by type, newest first, and retrieves one', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'before@example.com' });
    await stripe.customers.update(customer.id, { email: 'after@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });

    const updates = await stripe.events.list({ type: 'customer.updated' });
    assert.deepEqual(updates.data.map((e) => e.type), ['customer.updated']);
    const [updated] = updates.data;
    assert.match(updated.id, /^evt_/);
    assert.equal(updated.object, 'event');
    assert.equal(updated.api_version, '2026-10-28.endive');
    assert.equal((updated.data.object as { id: string }).id, customer.id);
    assert.deepEqual(updated.data.previous_attributes, { email: 'before@example.com' });
    assert.match(updated.request?.id ?? '', /^req_/);

    const all = await stripe.events.list({ type: 'customer.*' });
    assert.deepEqual(all.data.map((e) => e.type), ['customer.updated', 'customer.created']);
    const attached = await stripe.events.list({ types: ['payment_method.attached', 'customer.created'] });
    assert.deepEqual(attached.data.map((e) => e.type), ['payment_method.attached', 'customer.created']);
    assert.equal((attached.data[0].data.object as { id: string }).id, pm.id);

    const retrieved = await stripe.events.retrieve(updated.id);
    assert.deepEqual({ ...retrieved, lastResponse: undefined }, { ...updated, lastResponse: undefined });

    await assertSdkError(stripe.events.retrieve('evt_doesnotexist'), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such event: 'evt_doesnotexist'",
    });
  });
});
