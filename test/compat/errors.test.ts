import { it } from 'node:test';
import assert from 'node:assert/strict';
import { insertClaim } from '../../src/api/idempotency-repository.ts';
import { requestHash } from '../../src/api/idempotency.ts';
import { authenticate, createKey, revokeApiKey } from '../../src/modules/api-keys/service.ts';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('errors as the stripe SDK raises them', startSdkServer, (sdk) => {
  it('raises StripeAuthenticationError for an unknown or a revoked key', async () => {
    const { api, stripeWith } = sdk();
    await assertSdkError(stripeWith(`sk_test_${'Q'.repeat(36)}abcd`).customers.list(), {
      type: 'StripeAuthenticationError',
      statusCode: 401,
      message: `Invalid API Key provided: sk_test_${'*'.repeat(24)}abcd`,
    });
    const { projectId } = await authenticate(api.storage.db, api.keys.test);
    const key = await createKey(api.storage.db, api.clock, { projectId, livemode: false });
    const client = stripeWith(key.secret);
    assert.equal((await client.customers.list()).object, 'list');
    await revokeApiKey(api.storage.db, api.clock, key.id);
    await assertSdkError(client.customers.list(), {
      type: 'StripeAuthenticationError',
      statusCode: 401,
      code: 'api_key_expired',
      message: `Expired API Key provided: sk_test_${'*'.repeat(24)}${key.secret.slice(-4)}`,
    });
  });

  it('raises StripeInvalidRequestError naming the parameter', async () => {
    const { stripe } = sdk();
    await assertSdkError(stripe.customers.create({ balance: 'lots' as unknown as number }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_invalid_integer',
      param: 'balance',
      message: 'Invalid integer: lots',
    });
    await assertSdkError(stripe.customers.create({ address: { city: 'Paris', planet: 'Earth' } as never }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'address[planet]',
      message: 'Received unknown parameter: address[planet]',
    });
  });

  it('refuses card collection in live mode', async () => {
    const { api, stripeWith } = sdk();
    const live = stripeWith(api.keys.live);
    const customer = await live.customers.create({ name: 'Live customer' });
    assert.equal(customer.livemode, true);
    await assertSdkError(live.paymentMethods.attach('pm_card_visa', { customer: customer.id }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'payment_gateway_unavailable',
      message:
        'Card collection and charging are unavailable in live mode: no payment processor is configured. Set one with POST /v1/processor_settings or `bursar processors set --mode live`, or use a test key (sk_test_…) with the built-in test gateway.',
    });
  });

  it('refuses a body over 1 MB over HTTP with a 413, and the next request goes through at once', async () => {
    const { api, stripeWith } = sdk();
    const client = stripeWith(api.keys.test, { maxNetworkRetries: 0 });
    let attempts = 0;
    client.on('request', () => attempts++);
    await assertSdkError(client.customers.create({ description: 'x'.repeat(1024 * 1024) }), {
      type: 'StripeAPIError',
      rawType: 'invalid_request_error',
      statusCode: 413,
      code: 'request_too_large',
      message: 'Request body too large: the limit is 1048576 bytes.',
    });
    const next = await client.customers.create({ name: 'Right after' });
    assert.equal(next.name, 'Right after');
    assert.equal(attempts, 2, 'the request after a 413 needed no retry on a fresh connection');
  });

  it('answers a refused key at once on the same client, however large the refused body', async () => {
    const { stripeWith } = sdk();
    const client = stripeWith(`sk_test_${'Q'.repeat(40)}`, { maxNetworkRetries: 0 });
    let attempts = 0;
    client.on('request', () => attempts++);
    for (const description of ['x'.repeat(900_000), 'small']) {
      await assertSdkError(client.customers.create({ description }), {
        type: 'StripeAuthenticationError',
        statusCode: 401,
        message: `Invalid API Key provided: sk_test_${'*'.repeat(24)}QQQQ`,
      });
    }
    assert.equal(attempts, 2, 'no retry was needed after the unread body');
  });

  it('answers 409 idempotency_error while the key is in use', async () => {
    const { api, stripeWith } = sdk();
    const scope = await authenticate(api.storage.db, api.keys.test);
    const now = api.clock.now();
    await insertClaim(api.storage.db, scope, 'busy-key', requestHash('POST', '/v1/customers', { name: 'Busy' }), now, now + 60);
    const client = stripeWith(api.keys.test, { maxNetworkRetries: 0 });
    await assertSdkError(client.customers.create({ name: 'Busy' }, { idempotencyKey: 'busy-key' }), {
      type: 'StripeAPIError',
      rawType: 'idempotency_error',
      statusCode: 409,
      code: 'idempotency_key_in_use',
      message:
        'There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through): busy-key. Please try again later.',
    });
  });
});
