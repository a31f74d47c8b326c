import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';

const BUILT_INS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describeEachEngine('keys named like JavaScript built-ins', createTestApi, (get) => {
  it('refuses expand[] of a built-in name as any other property that cannot be expanded', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { email: 'x@example.com' } })).body;
    for (const name of BUILT_INS) {
      for (const [path, expand] of [[`/v1/customers/${customer.id}`, name], ['/v1/customers', `data.${name}`], [`/v1/customers/${customer.id}`, `test_clock.${name}`]]) {
        await expectRejected(api, 'GET', path, { params: { expand: [expand] } }, {
          status: 400, type: 'invalid_request_error', param: 'expand', message: `This property cannot be expanded (${expand}).`,
        });
      }
    }
  });

  it('stores and returns a metadata key named __proto__, from a form or JSON, as Stripe does', async () => {
    const api = get();
    const fromForm = await api.call('POST', '/v1/customers', { body: 'metadata[__proto__]=x&metadata[plan]=pro' });
    assert.equal(fromForm.status, 200, JSON.stringify(fromForm.body));
    assert.deepEqual(JSON.parse(JSON.stringify(fromForm.body.metadata)), JSON.parse('{"__proto__":"x","plan":"pro"}'));
    const fromJson = await api.call('POST', '/v1/products', { body: '{"name":"Pro","metadata":{"__proto__":"y","constructor":"z"}}', headers: { 'content-type': 'application/json' } });
    assert.equal(fromJson.status, 200, JSON.stringify(fromJson.body));
    const product = await api.call('GET', `/v1/products/${fromJson.body.id}`);
    assert.equal(JSON.stringify(product.body.metadata), '{"__proto__":"y","constructor":"z"}');

    // An update merges into it and unsets it like any other key; the event shows what changed.
    const id = fromForm.body.id;
    const updated = await api.call('POST', `/v1/customers/${id}`, { body: 'metadata[__proto__]=w' });
    assert.equal(JSON.stringify(updated.body.metadata), '{"__proto__":"w","plan":"pro"}');
    const events = await api.call('GET', '/v1/events', { params: { type: 'customer.updated', limit: 1 } });
    assert.equal(events.status, 200, JSON.stringify(events.body));
    const event = events.body.data[0];
    assert.equal(JSON.stringify(event.data.previous_attributes), '{"metadata":{"__proto__":"x"}}');
    const unset = await api.call('POST', `/v1/customers/${id}`, { json: JSON.parse('{"metadata":{"__proto__":""}}') });
    assert.equal(JSON.stringify(unset.body.metadata), '{"plan":"pro"}');
    // A top-level parameter of that name is unknown, as any other.
    await expectRejected(api, 'POST', '/v1/customers', { body: '__proto__[a]=1' }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_unknown', param: '__proto__', message: 'Received unknown parameter: __proto__',
    });
  });
});
