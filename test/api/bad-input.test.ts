import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type CallOptions, type TestApi } from '../support/api.ts';
import { expectRejected, rowCounts, type ExpectedError } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';
import { createKey, listApiKeys, revokeApiKey } from '../../src/modules/api-keys/service.ts';

const invalid = (message: string | RegExp, extra: { code?: string; param?: string } = {}) => ({
  status: 400,
  type: 'invalid_request_error',
  message,
  ...extra,
});

/** A request that would create a customer (and its event) if it were accepted. */
const createCustomer = (api: TestApi, options: CallOptions, expected: ExpectedError) =>
  expectRejected(api, 'POST', '/v1/customers', options, expected);

describeEachEngine('bad input', createTestApi, (get) => {
  it('refuses malformed form bodies', async () => {
    const api = get();
    await createCustomer(api, { body: 'name=%E0%A4%A' }, invalid("Invalid request body: malformed URL encoding in '%E0%A4%A'"));
    await createCustomer(api, { body: 'email=a%zz' }, invalid("Invalid request body: malformed URL encoding in 'a%zz'"));
    await createCustomer(
      api,
      { body: 'metadata[a][b][c][d][e][f][g][h][i]=deep' },
      invalid('Invalid metadata: parameters are nested more than 8 levels deep.', { param: 'metadata' }),
    );
    await createCustomer(
      api,
      { body: Array.from({ length: 1001 }, () => 'preferred_locales[]=en').join('&') },
      invalid('Invalid request body: Array limit exceeded. Only 1000 elements allowed in an array.'),
    );
  });

  it('refuses malformed JSON, a JSON array and an unsupported content type', async () => {
    const api = get();
    const json = { 'content-type': 'application/json' };
    await createCustomer(api, { body: '{"name": "Jenny"', headers: json }, invalid(/^Invalid JSON body: /));
    await createCustomer(api, { json: [{ name: 'Jenny' }] }, invalid('Invalid JSON body: expected an object of parameters'));
    await createCustomer(api, { json: 'Jenny' }, invalid('Invalid JSON body: expected an object of parameters'));
    await createCustomer(
      api,
      { body: 'name=Jenny', headers: { 'content-type': 'text/plain' } },
      invalid("Unsupported Content-Type 'text/plain': send application/x-www-form-urlencoded or application/json"),
    );
    await createCustomer(
      api,
      { body: '<name>Jenny</name>', headers: { 'content-type': 'application/xml; charset=utf-8' } },
      invalid("Unsupported Content-Type 'application/xml': send application/x-www-form-urlencoded or application/json"),
    );
  });

  it('names unknown parameters, top level and nested', async () => {
    const api = get();
    const unknown = (name: string) => invalid(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
    await createCustomer(api, { params: { name: 'Jenny', nmae: 'typo' } }, unknown('nmae'));
    await createCustomer(api, { params: { address: { city: 'Paris', foo: 'bar' } } }, unknown('address[foo]'));
    await createCustomer(api, { params: { shipping: { name: 'J', address: { zip: '75001' } } } }, unknown('shipping[address][zip]'));
    await createCustomer(api, { json: { invoice_settings: { colour: 'red' } } }, unknown('invoice_settings[colour]'));
    await createCustomer(api, { params: { toString: 'x' } }, unknown('toString'));
    await expectRejected(api, 'GET', '/v1/customers', { params: { emial: 'a@example.com' } }, unknown('emial'));
    await expectRejected(api, 'DELETE', '/v1/customers/cus_123', { params: { force: 'true' } }, unknown('force'));
  });

  it('keeps metadata keys named like built-ins rather than dropping them', async () => {
    const api = get();
    const res = await api.call('POST', '/v1/customers', { body: 'metadata[constructor]=x&metadata[toString]=y&metadata[valueOf]=z' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.metadata, { constructor: 'x', toString: 'y', valueOf: 'z' });
  });

  it('names a parameter of the wrong type', async () => {
    const api = get();
    const integer = (input: string, param: string) =>
      invalid(`Invalid integer: ${input}`, { code: 'parameter_invalid_integer', param });
    await createCustomer(api, { params: { balance: 'abc' } }, integer('abc', 'balance'));
    await createCustomer(api, { params: { balance: '1.5' } }, integer('1.5', 'balance'));
    await createCustomer(api, { json: { balance: '12abc' } }, integer('12abc', 'balance'));
    await expectRejected(api, 'GET', '/v1/customers', { params: { limit: 'ten' } }, integer('ten', 'limit'));
    const boolean = (input: string) => invalid(`Invalid boolean: ${input}`, { code: 'parameter_invalid', param: 'active' });
    await expectRejected(api, 'POST', '/v1/products', { params: { name: 'Plan', active: 'yes' } }, boolean('yes'));
    await expectRejected(api, 'POST', '/v1/products', { json: { name: 'Plan', active: 1 } }, boolean('1'));
    await expectRejected(api, 'GET', '/v1/prices', { params: { active: 'maybe' } }, boolean('maybe'));
    await createCustomer(
      api,
      { params: { name: { first: 'Jenny' } } },
      invalid('Invalid string: name must be a string', { code: 'parameter_invalid', param: 'name' }),
    );
    await createCustomer(
      api,
      { json: { name: true } },
      invalid('Invalid string: name must be a string', { code: 'parameter_invalid', param: 'name' }),
    );
    await createCustomer(
      api,
      { params: { address: 'Paris' } },
      invalid('Invalid object: address must be a hash (e.g. address[key]=value)', { code: 'parameter_invalid', param: 'address' }),
    );
    await createCustomer(
      api,
      { params: { preferred_locales: 'fr' } },
      invalid('Invalid array: preferred_locales must be a list (e.g. preferred_locales[]=value)', {
        code: 'parameter_invalid',
        param: 'preferred_locales',
      }),
    );
    await createCustomer(
      api,
      { params: { tax_exempt: 'sometimes' } },
      invalid('Invalid tax_exempt: must be one of none, exempt, reverse', { code: 'parameter_invalid', param: 'tax_exempt' }),
    );
    await createCustomer(
      api,
      { params: { email: 'x'.repeat(513) } },
      invalid('Invalid email: must be at most 512 characters', { code: 'parameter_invalid', param: 'email' }),
    );
  });

  it('names the parameter inside a value that takes one of several forms', async () => {
    const api = get();
    // created is an integer or a hash of bounds: a hash is meant, and its bad bound is named.
    await expectRejected(
      api,
      'GET',
      '/v1/customers',
      { params: { created: { gt: 1, gte: { at: 'noon' } } } },
      invalid('Invalid integer: {"at":"noon"}', { code: 'parameter_invalid_integer', param: 'created[gte]' }),
    );
    await expectRejected(
      api,
      'GET',
      '/v1/customers',
      { params: { created: { lte: 'soon' } } },
      invalid('Invalid integer: soon', { code: 'parameter_invalid_integer', param: 'created[lte]' }),
    );
    // A value that fits none of the forms is the parameter's own fault.
    await expectRejected(api, 'GET', '/v1/customers', { params: { created: 'yesterday' } }, invalid('Invalid created', { code: 'parameter_invalid', param: 'created' }));
  });

  it('refuses counts past what their columns hold, on both engines alike', async () => {
    const api = get();
    const tooBig = (param: string, max: number) => invalid(`Invalid ${param}: must be less than or equal to ${max}`, { code: 'parameter_invalid', param });
    await expectRejected(api, 'POST', '/v1/coupons', { params: { percent_off: 10, max_redemptions: 2_147_483_648 } }, tooBig('max_redemptions', 2_147_483_647));
    await expectRejected(
      api,
      'POST',
      '/v1/prices',
      { params: { currency: 'usd', unit_amount: 100, product: 'prod_x', recurring: { interval: 'month', interval_count: 2_147_483_648 } } },
      tooBig('recurring[interval_count]', 2_147_483_647),
    );
    // Quantities are bounded lower, as amounts are (test/api/amount-limits.test.ts).
  });

  it('names a missing required parameter', async () => {
    const api = get();
    await expectRejected(
      api,
      'POST',
      '/v1/payment_methods',
      { params: { type: 'card', card: { number: '4242424242424242', exp_month: 12 } } },
      invalid('Missing required param: card[exp_year].', { code: 'parameter_missing', param: 'card[exp_year]' }),
    );
    await expectRejected(
      api,
      'POST',
      '/v1/payment_methods/pm_card_visa/attach',
      { params: {} },
      invalid('Missing required param: customer.', { code: 'parameter_missing', param: 'customer' }),
    );
  });

  it('refuses the NUL character, which no parameter may hold', async () => {
    const api = get();
    const nul = (param: string) =>
      invalid(`Invalid ${param}: must not contain the NUL character (\\u0000).`, { code: 'parameter_invalid', param });
    await createCustomer(api, { body: 'name=Jen%00ny' }, nul('name'));
    await createCustomer(api, { json: { address: { line1: 'a\u0000b' } } }, nul('address[line1]'));
    await expectRejected(api, 'GET', '/v1/customers', { params: { email: 'a\u0000@example.com' } }, nul('email'));
    await expectRejected(api, 'GET', '/v1/customers/cus_a%00b', {}, nul('id'));
    await createCustomer(api, { body: 'metadata[a%00b]=1' }, invalid('Invalid request: a parameter name contains the NUL character (\\u0000).'));
  });

  it('refuses a body over 1 MB with a Stripe-shaped 413', async () => {
    const api = get();
    const body = `description=${'a'.repeat(1024 * 1024)}`;
    await createCustomer(api, { body }, {
      status: 413,
      type: 'invalid_request_error',
      code: 'request_too_large',
      message: 'Request body too large: the limit is 1048576 bytes.',
    });
  });

  it("answers 404 for another mode's or another project's objects, and changes nothing", async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Mine' } })).body;
    const pm = (await api.call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } })).body;
    const event = (await api.call('GET', '/v1/events', { params: { limit: 1 } })).body.data[0];
    const product = (await api.call('POST', '/v1/products', { params: { name: 'Mine', default_price_data: { currency: 'usd', unit_amount: 100 } } })).body;
    const missing = (resource: string, id: string, param: string) => ({
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param,
      message: `No such ${resource}: '${id}'`,
    });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      await expectRejected(api, 'GET', `/v1/customers/${customer.id}`, { key }, missing('customer', customer.id, 'id'));
      await expectRejected(api, 'POST', `/v1/customers/${customer.id}`, { key, params: { name: 'Theirs' } }, missing('customer', customer.id, 'id'));
      await expectRejected(api, 'DELETE', `/v1/customers/${customer.id}`, { key }, missing('customer', customer.id, 'id'));
      await expectRejected(api, 'GET', `/v1/customers/${customer.id}/payment_methods`, { key }, missing('customer', customer.id, 'customer'));
      await expectRejected(api, 'GET', '/v1/customers', { key, params: { starting_after: customer.id } }, missing('customer', customer.id, 'starting_after'));
      await expectRejected(api, 'GET', `/v1/payment_methods/${pm.id}`, { key }, missing('PaymentMethod', pm.id, 'id'));
      await expectRejected(api, 'GET', '/v1/payment_methods', { key, params: { customer: customer.id } }, missing('customer', customer.id, 'customer'));
      await expectRejected(api, 'GET', `/v1/events/${event.id}`, { key }, missing('event', event.id, 'id'));
      await expectRejected(api, 'GET', `/v1/products/${product.id}`, { key }, missing('product', product.id, 'id'));
      await expectRejected(api, 'GET', `/v1/prices/${product.default_price}`, { key }, missing('price', product.default_price, 'id'));
      await expectRejected(
        api,
        'POST',
        '/v1/prices',
        { key, params: { product: product.id, currency: 'usd', unit_amount: 200 } },
        missing('product', product.id, 'product'),
      );
    }
    // Detach is a write that the test gateway's live-mode refusal does not cover.
    await expectRejected(api, 'POST', `/v1/payment_methods/${pm.id}/detach`, { key: api.keys.otherProject }, missing('PaymentMethod', pm.id, 'id'));
    const theirs = (await api.call('POST', '/v1/customers', { key: api.keys.otherProject, params: { name: 'Theirs' } })).body;
    await expectRejected(
      api,
      'POST',
      `/v1/customers/${theirs.id}`,
      { key: api.keys.otherProject, params: { invoice_settings: { default_payment_method: pm.id } } },
      missing('PaymentMethod', pm.id, 'invoice_settings[default_payment_method]'),
    );
    const after = (await api.call('GET', `/v1/customers/${customer.id}`)).body;
    assert.equal(after.name, 'Mine');
    assert.equal((await api.call('GET', `/v1/payment_methods/${pm.id}`)).body.customer, customer.id);
  });

  it("refuses requests without a valid key with Stripe's 401 messages", async () => {
    const api = get();
    const unauthorized = (message: string, code?: string) => ({
      status: 401,
      type: 'invalid_request_error',
      message,
      ...(code && { code }),
    });
    await createCustomer(
      api,
      { key: null, params: { name: 'Anonymous' } },
      unauthorized(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      ),
    );
    const malformed = unauthorized(
      "Invalid Authorization header: use 'Authorization: Bearer YOUR_SECRET_KEY' or HTTP Basic with the key as user name.",
    );
    for (const authorization of ['Token abc', 'Bearer', `Basic ${Buffer.from(':').toString('base64')}`]) {
      await createCustomer(api, { key: null, headers: { authorization }, params: { name: 'Malformed' } }, malformed);
    }
    const unknown = `sk_test_${'Z'.repeat(36)}wxyz`;
    await createCustomer(api, { key: unknown, params: { name: 'Unknown' } }, unauthorized(`Invalid API Key provided: sk_test_${'*'.repeat(24)}wxyz`));
    await createCustomer(api, { key: 'sk_test_abc', params: { name: 'Short' } }, unauthorized('Invalid API Key provided: sk_test_abc'));

    const projectId = (await listApiKeys(api.storage.db))[0].project_id;
    const revoked = await createKey(api.storage.db, api.clock, { projectId, livemode: false });
    assert.equal((await api.call('GET', '/v1/customers', { key: revoked.secret })).status, 200);
    await revokeApiKey(api.storage.db, api.clock, revoked.id);
    await createCustomer(
      api,
      { key: revoked.secret, params: { name: 'Revoked' } },
      unauthorized(`Expired API Key provided: sk_test_${'*'.repeat(24)}${revoked.secret.slice(-4)}`, 'api_key_expired'),
    );
    const basic = await api.call('GET', '/v1/customers', { key: null, headers: { authorization: `Basic ${Buffer.from(`${api.keys.test}:`).toString('base64')}` } });
    assert.equal(basic.status, 200, 'HTTP Basic with the key as user name is accepted');
  });

  it('answers 404 for an unknown URL or method', async () => {
    const api = get();
    const unrecognized = (method: string, path: string) => ({
      status: 404,
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
    await expectRejected(api, 'GET', '/v1/customer', {}, unrecognized('GET', '/v1/customer'));
    await expectRejected(api, 'POST', '/v1/subscription_things', { params: { a: '1' } }, unrecognized('POST', '/v1/subscription_things'));
    await expectRejected(api, 'PUT', '/v1/customers', {}, unrecognized('PUT', '/v1/customers'));
    // Whatever its body: a large one is not refused by another part of Bursar first.
    await expectRejected(api, 'POST', '/v1/payment_methods/%2E%2E/attach', { json: { customer: 'x'.repeat(100_000) } }, unrecognized('POST', '/v1/attach'));
  });

  it("refuses metadata beyond Stripe's limits", async () => {
    const api = get();
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`key${i}`, 'v']));
    await createCustomer(
      api,
      { params: { metadata: fiftyOne } },
      invalid('Invalid metadata: metadata can have up to 50 keys, but you passed in 51 keys.', { code: 'parameter_invalid', param: 'metadata' }),
    );
    const longKey = 'k'.repeat(41);
    await createCustomer(
      api,
      { params: { metadata: { [longKey]: 'v' } } },
      invalid(`Invalid metadata key '${longKey}': keys must be 1–40 characters without square brackets.`, {
        code: 'parameter_invalid',
        param: `metadata[${longKey}]`,
      }),
    );
    await createCustomer(
      api,
      { params: { metadata: { plan: 'v'.repeat(501) } } },
      invalid('Invalid metadata[plan]: values must be at most 500 characters.', { code: 'parameter_invalid', param: 'metadata[plan]' }),
    );
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'k'.repeat(38)}${String(i).padStart(2, '0')}`, 'v'.repeat(500)]));
    const atLimit = await api.call('POST', '/v1/customers', { params: { metadata: fifty } });
    assert.equal(atLimit.status, 200, 'exactly at the limits is accepted');
    assert.equal(Object.keys(atLimit.body.metadata).length, 50);
  });

  it('refuses an expand path that cannot be expanded', async () => {
    const api = get();
    const cannot = (path: string) => invalid(`This property cannot be expanded (${path}).`, { param: 'expand' });
    await createCustomer(api, { params: { name: 'Expand', expand: ['default_source'] } }, cannot('default_source'));
    await expectRejected(api, 'GET', '/v1/customers', { params: { email: 'nobody@example.com', expand: ['data.bogus'] } }, cannot('data.bogus'));
    await expectRejected(api, 'GET', '/v1/customers', { params: { expand: ['invoice_settings.default_payment_method'] } }, cannot('invoice_settings.default_payment_method'));
    const tooDeep = 'customer.invoice_settings.default_payment_method.customer.invoice_settings.default_payment_method';
    await expectRejected(
      api,
      'GET',
      '/v1/payment_methods/pm_whatever',
      { params: { expand: [tooDeep] } },
      invalid(`You cannot expand more than 4 levels of a property (${tooDeep}).`, { param: 'expand' }),
    );
  });

  it('writes nothing when a request fails halfway', async () => {
    const api = get();
    const before = await rowCounts(api.storage.db);
    const declined = await api.call('POST', '/v1/customers', { params: { name: 'Declined card', payment_method: 'pm_card_chargeDeclined' } });
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.decline_code, 'generic_decline');
    assert.deepEqual(await rowCounts(api.storage.db), before, 'no customer, card or event is left of a declined signup');

    const pm = (await api.call('POST', '/v1/payment_methods', { params: { type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2030 } } })).body;
    await createCustomer(
      api,
      { params: { name: 'Unattached default', invoice_settings: { default_payment_method: pm.id } } },
      invalid(`The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`, {
        param: 'invoice_settings[default_payment_method]',
      }),
    );
  });
});
