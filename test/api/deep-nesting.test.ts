import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { expectRejected, rowCounts } from '../support/assertions.ts';
import { openPortal, portalFixture, textOf } from '../support/portal.ts';
import { describeEachEngine } from '../support/suite.ts';

/** JSON text of `levels` objects nested one in another, around `leaf`. */
const nestedJson = (levels: number, leaf = '"x"') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);
/** A form key `name[a][a]…` with `levels` brackets. */
const nestedKey = (name: string, levels: number) => name + '[a]'.repeat(levels);

const tooDeep = (param: string) => ({
  status: 400,
  type: 'invalid_request_error',
  message: `Invalid ${param}: parameters are nested more than 8 levels deep.`,
  param,
});

describeEachEngine('bodies nested too deep', createTestApi, (get) => {
  it('refuses JSON and form parameters nested past 8 levels, naming the parameter, and writes nothing', async () => {
    const api = get();
    const json = { 'content-type': 'application/json' };
    await expectRejected(api, 'POST', '/v1/customers', { body: `{"metadata":${nestedJson(10_000)}}`, headers: json }, tooDeep('metadata'));
    await expectRejected(api, 'POST', '/v1/customers', { body: `{"name":"Ada","address":${nestedJson(9)}}`, headers: json }, tooDeep('address'));
    // Eight levels are read (and then judged by the parameter's own schema).
    const eight = await api.call('POST', '/v1/customers', { body: `{"name":"Ada","address":${nestedJson(8)}}`, headers: json });
    assert.deepEqual([eight.status, eight.body.error.message], [400, 'Received unknown parameter: address[a]']);
    const eightInForm = await api.call('POST', '/v1/customers', { body: `${nestedKey('address', 8)}=x` });
    assert.deepEqual([eightInForm.status, eightInForm.body.error.message], [400, 'Received unknown parameter: address[a]']);
    await expectRejected(api, 'POST', '/v1/customers', { body: `${nestedKey('metadata', 9)}=x` }, tooDeep('metadata'));
    await expectRejected(api, 'POST', '/v1/customers', { body: `${nestedKey('metadata', 5_000)}=x` }, tooDeep('metadata'));
    const deepQuery = await api.call('GET', `/v1/customers?${nestedKey('created', 9)}=1`);
    assert.deepEqual([deepQuery.status, deepQuery.body.error?.param], [400, 'created']);
    await expectRejected(
      api,
      'POST',
      '/v1/app_endpoints',
      { body: `{"preset":"api-key-return-url","contract":{"success":{"status":200,"body":${nestedJson(3_000)}}}}`, headers: json },
      tooDeep('contract'),
    );
  });

  it('refuses an app endpoint request body nested too deep with the contract\'s own error envelope', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { email: 'ada@example.com' } })).body;
    assert.equal((await api.call('POST', '/v1/app_endpoints', { params: { preset: 'api-key-return-url' } })).status, 200);
    const key = (await api.call('POST', '/v1/customer_api_keys', { params: { customer: customer.id } })).body.secret;
    const send = (body: string) =>
      api.app.request('/api/subscriptions/portal', { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body });
    const before = await rowCounts(api.storage.db);
    const deep = await send(`{"returnUrl":"https://app.example.com/billing","extra":${nestedJson(10_000)}}`);
    assert.deepEqual([deep.status, await deep.json()], [400, { error: 'Invalid extra: parameters are nested more than 8 levels deep.' }]);
    assert.deepEqual(await rowCounts(api.storage.db), before);
    const fine = await send('{"returnUrl":"https://app.example.com/billing"}');
    assert.equal(fine.status, 200);
  });

  it('answers a portal form nested too deep, or a malformed multipart body, with a 400 page and changes nothing', async () => {
    const api = get();
    const fixture = await portalFixture(api, 'Grace Hopper');
    const { visitor } = await openPortal(api, { customer: fixture.customer.id });
    await visitor.get('/p/details');
    const before = await rowCounts(api.storage.db);
    const deep = await visitor.post('/p/details', { name: 'Grace', [nestedKey('address', 1_000)]: 'x' });
    assert.equal(deep.status, 400);
    assert.match(textOf(deep.html), /This request was refused/);
    const post = (body: string, type: string) =>
      api.app.request('/p/details', { method: 'POST', body, headers: { cookie: visitor.cookie, 'content-type': type, 'sec-fetch-site': 'same-origin' } });
    for (const [body, type] of [
      ['name=Grace', 'multipart/form-data'],
      [`--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nGrace`, 'multipart/form-data; boundary=b'],
      ['name=Grace', 'text/plain'],
    ]) {
      const res = await post(body, type);
      assert.equal(res.status, 400, `${type}: ${body}`);
      assert.match(textOf(await res.text()), /This request was refused/);
    }
    // A POST without a body is an empty form: refused for its missing CSRF token, as before.
    const empty = await api.app.request('/p/details', { method: 'POST', headers: { cookie: visitor.cookie, 'sec-fetch-site': 'same-origin' } });
    assert.equal(empty.status, 403);
    assert.deepEqual(await rowCounts(api.storage.db), before);
    // A well-formed multipart form, as a browser may send one, is read like any other.
    const form = new FormData();
    form.set('_csrf', visitor.csrf);
    form.set('name', 'Grace B. Hopper');
    form.set('address[city]', 'Arlington');
    const saved = await api.app.request('/p/details', { method: 'POST', body: form, headers: { cookie: visitor.cookie, 'sec-fetch-site': 'same-origin' } });
    assert.equal(saved.status, 303);
    const customer = (await api.call('GET', `/v1/customers/${fixture.customer.id}`)).body;
    assert.deepEqual([customer.name, customer.address.city], ['Grace B. Hopper', 'Arlington']);
  });
});
