import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { storedValues } from '../../../test/support/storage.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

const TEST_KEY = 'sk_test_51AbCdEfGhIjKlMnOpQrStUv4242';
const LIVE_KEY = 'rk_live_51ZyXwVuTsRqPoNmLkJiHg9876';
const WHSEC = 'whsec_fH2pLq9RtZx4mN7vB1cK0sDe';

describeEachEngine('processor settings', createTestApi, (get) => {
  it('test mode charges through the test gateway until another processor is set; live mode through none', async () => {
    const api = get();
    const test = await api.call('GET', '/v1/processor_settings');
    assert.equal(test.status, 200);
    assert.deepEqual(test.body, { object: 'processor_settings', livemode: false, processor: 'test', stripe: null, updated: null });
    const live = await api.call('GET', '/v1/processor_settings', { key: api.keys.live });
    assert.deepEqual(live.body, { object: 'processor_settings', livemode: true, processor: null, stripe: null, updated: null });
  });

  it('keeps Stripe credentials sealed and shows them masked, with the webhook URL to register', async () => {
    const api = get();
    const set = await api.call('POST', '/v1/processor_settings', { key: api.keys.live, params: { processor: 'stripe', stripe: { secret_key: LIVE_KEY } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const projectId = api.ctx().scope.projectId;
    assert.deepEqual(set.body.stripe, {
      secret_key: 'rk_live_…9876',
      webhook_secret: null,
      webhook_url: `http://127.0.0.1:4242/processors/stripe/webhooks/${projectId}/live`,
    });
    assert.equal(set.body.processor, 'stripe');
    assert.equal(set.body.updated, api.clock.now());
    // Only the signing secret given: the secret key is kept.
    const secret = await api.call('POST', '/v1/processor_settings', { key: api.keys.live, params: { stripe: { webhook_secret: WHSEC } } });
    assert.deepEqual([secret.body.stripe.secret_key, secret.body.stripe.webhook_secret], ['rk_live_…9876', 'whsec_…0sDe']);
    const shown = JSON.stringify((await api.call('GET', '/v1/processor_settings', { key: api.keys.live })).body);
    assert.ok(!shown.includes(LIVE_KEY) && !shown.includes(WHSEC), shown);
    const stored = await storedValues(api.storage.db);
    assert.ok(!stored.some((v) => v.includes(LIVE_KEY) || v.includes(WHSEC)), 'no credential is stored in clear');
    const row = await api.storage.db.selectFrom('processor_settings').selectAll().where('livemode', '=', 1).executeTakeFirstOrThrow();
    assert.match(row.credentials!, /^v1:[0-9a-f]{12}:/);
    // Test mode is apart: still the test gateway.
    assert.equal((await api.call('GET', '/v1/processor_settings')).body.processor, 'test');
  });

  it('refuses a key of the other mode, a malformed signing secret and the test gateway in live mode, naming the parameter', async () => {
    const api = get();
    const refused = (params: Record<string, unknown>, live: boolean, param: string, message: string | RegExp, code?: string) =>
      expectRejected(api, 'POST', '/v1/processor_settings', { key: live ? api.keys.live : api.keys.test, params }, {
        status: 400,
        type: 'invalid_request_error',
        param,
        message,
        ...(code && { code }),
      });
    await refused({ processor: 'stripe', stripe: { secret_key: LIVE_KEY } }, false, 'stripe[secret_key]', /^Invalid stripe\[secret_key\]: in test mode, a Stripe secret key starts with sk_test_ or rk_test_/);
    await refused({ processor: 'stripe', stripe: { secret_key: TEST_KEY } }, true, 'stripe[secret_key]', /^Invalid stripe\[secret_key\]: in live mode, a Stripe secret key starts with sk_live_ or rk_live_/);
    await refused({ processor: 'stripe', stripe: { secret_key: 'pk_test_51AbCdEfGhIjKl' } }, false, 'stripe[secret_key]', /^Invalid stripe\[secret_key\]/);
    await refused({ processor: 'stripe', stripe: { secret_key: TEST_KEY, webhook_secret: 'secret' } }, false, 'stripe[webhook_secret]', /starts with whsec_/);
    await refused({ processor: 'stripe' }, false, 'stripe[secret_key]', 'Missing required param: stripe[secret_key].', 'parameter_missing');
    await refused({ processor: 'test' }, true, 'processor', /^Invalid processor: the test gateway moves no real money/);
    await refused({ processor: 'paypal' }, false, 'processor', /^Invalid processor/, 'parameter_invalid');
    await refused({ processor: 'test', stripe: { secret_key: TEST_KEY } }, false, 'stripe', /applies to processor=stripe only/);
  });

  it('refuses card numbers through the API once Stripe collects the cards, and in live mode without a processor', async () => {
    const api = get();
    const card = { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } };
    const other = api.keys.otherProject;
    await api.call('POST', '/v1/processor_settings', { key: other, params: { processor: 'stripe', stripe: { secret_key: TEST_KEY } } });
    await expectRejected(api, 'POST', '/v1/payment_methods', { key: other, params: card }, {
      status: 400,
      type: 'invalid_request_error',
      code: 'payment_method_collection_unavailable',
      message: /^Card details are taken by the test gateway only: this mode charges through stripe/,
    });
    // Removed: test mode is back on the test gateway.
    const removed = await api.call('DELETE', '/v1/processor_settings', { key: other });
    assert.deepEqual([removed.body.processor, removed.body.stripe], ['test', null]);
    assert.equal((await api.call('POST', '/v1/payment_methods', { key: other, params: card })).status, 200);
  });
});
