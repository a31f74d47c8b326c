import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('idempotent requests through the stripe SDK', startSdkServer, (sdk) => {
  it('replays a request sent twice with one idempotencyKey, writing one object and one event', async () => {
    const { stripe } = sdk();
    const params = { email: 'once@example.com', metadata: { order: '42' } };
    const first = await stripe.customers.create(params, { idempotencyKey: 'signup-42' });
    const second = await stripe.customers.create(params, { idempotencyKey: 'signup-42' });
    assert.equal(second.id, first.id);
    assert.deepEqual({ ...second, lastResponse: undefined }, { ...first, lastResponse: undefined });
    assert.equal(first.lastResponse.headers['idempotent-replayed'], undefined);
    assert.equal(second.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(second.lastResponse.idempotencyKey, 'signup-42');

    const customers = await stripe.customers.list({ email: 'once@example.com' });
    assert.deepEqual(customers.data.map((c) => c.id), [first.id]);
    const events = await stripe.events.list({ type: 'customer.created', limit: 100 });
    const created = events.data.filter((e) => (e.data.object as { id: string }).id === first.id);
    assert.equal(created.length, 1);
    assert.equal(created[0].request?.idempotency_key, 'signup-42');
  });

  it('refuses the same key with other parameters with StripeIdempotencyError', async () => {
    const { stripe } = sdk();
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'reused-key' });
    await assertSdkError(stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'reused-key' }), {
      type: 'StripeIdempotencyError',
      statusCode: 400,
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'reused-key' if you meant to execute a different request.",
    });
    const customers = await stripe.customers.list({ email: 'b@example.com' });
    assert.deepEqual(customers.data, []);
  });

  it('replays a card decline as the same StripeCardError', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Declined twice' });
    const attach = () =>
      stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }, { idempotencyKey: 'attach-declined' });
    const expected = {
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    };
    const first = await assertSdkError(attach(), expected);
    const second = await assertSdkError(attach(), expected);
    assert.equal(first.headers?.['idempotent-replayed'], undefined);
    assert.equal(second.headers?.['idempotent-replayed'], 'true');
    const body = (err: typeof first) => {
      const { headers: _headers, requestId: _requestId, ...fields } = err.raw as Record<string, unknown>;
      return fields;
    };
    assert.deepEqual(body(second), body(first));
    assert.match(JSON.stringify(body(first)), /"payment_method":\{"id":"pm_/);
  });
});
