import { it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startWebhookDispatcher } from '../../src/jobs/webhook-dispatch.ts';
import { DEFAULT_WEBHOOK_POLICY } from '../../src/modules/webhooks/retry-policy.ts';
import { createTestApi, silentLogger, type TestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';
import { startReceiver, waitFor } from '../support/webhook-receiver.ts';

const ACACIA = '2025-02-24.acacia';

async function post(api: TestApi, path: string, params: Record<string, unknown>): Promise<any> {
  const res = await api.call('POST', path, { params });
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An active monthly subscription, paid, with a 10% tax rate on its first invoice. */
async function subscribed(api: TestApi) {
  const customer = await post(api, '/v1/customers', { email: 'versions@example.com' });
  const card = await post(api, '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
  const price = await post(api, '/v1/prices', { currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
  const tax = await post(api, '/v1/tax_rates', { display_name: 'VAT', percentage: 10, inclusive: false });
  return post(api, '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], default_payment_method: card.id, default_tax_rates: [tax.id] });
}

const get = (api: TestApi, path: string, version?: string) => api.call('GET', path, { headers: version ? { 'stripe-version': version } : {} });

describeEachEngine('Stripe-Version', createTestApi, (fixture) => {
  it('answers today\'s shapes without the header or with the current version: the period on the items only', async () => {
    const api = fixture();
    const sub = await subscribed(api);
    for (const version of [undefined, '2026-10-28.endive']) {
      const body = (await get(api, `/v1/subscriptions/${sub.id}`, version)).body;
      assert.equal('current_period_end' in body, false);
      assert.equal(typeof body.items.data[0].current_period_end, 'number');
    }
  });

  it("refuses a version Stripe never had with Stripe's own message", async () => {
    const api = fixture();
    for (const version of ['latest', '2025-09-30.acacia', '2026-02-30', '2027-01-01', '2026-10-28.endive, 2026-10-28.endive']) {
      await expectRejected(api, 'GET', '/v1/customers', { headers: { 'stripe-version': version } }, {
        status: 400, type: 'invalid_request_error', message: `Invalid Stripe API version: ${version}`,
      });
    }
  });

  it('answers an older version in its shapes: periods on the subscription, invoice subscription and paid, line type and proration', async () => {
    const api = fixture();
    const sub = await subscribed(api);
    const [item] = sub.items.data;
    for (const version of [ACACIA, '2020-08-27']) {
      const old = (await api.call('GET', `/v1/subscriptions/${sub.id}?expand[]=latest_invoice`, { headers: { 'stripe-version': version } })).body;
      assert.deepEqual([old.current_period_start, old.current_period_end], [item.current_period_start, item.current_period_end]);
      assert.equal('current_period_end' in old.items.data[0], false);
      const invoice = old.latest_invoice;
      assert.deepEqual([invoice.subscription, invoice.paid, invoice.subscription_details, 'parent' in invoice], [sub.id, true, { metadata: null }, false]);
      assert.deepEqual(invoice.total_tax_amounts.map((t: any) => [t.amount, t.inclusive]), [[100, false]]);
      const [line] = invoice.lines.data;
      assert.deepEqual([line.type, line.subscription, line.subscription_item, line.proration, 'parent' in line], ['subscription', sub.id, item.id, false, false]);
      assert.deepEqual(line.tax_amounts.map((t: any) => t.amount), [100]);
    }
    // Lists too, and today's shape is untouched by an older request before it.
    const listed = (await get(api, '/v1/subscriptions', ACACIA)).body;
    assert.equal(listed.data[0].current_period_end, item.current_period_end);
    assert.equal('current_period_end' in (await get(api, '/v1/subscriptions')).body.data[0], false);
    // A write answers in the version it asks for.
    const updated = await api.call('POST', `/v1/subscriptions/${sub.id}`, { params: { metadata: { plan: 'pro' } }, headers: { 'stripe-version': ACACIA } });
    assert.equal(updated.body.current_period_end, item.current_period_end);
  });

  it('sends an endpoint whose api_version is older its events in that version, signed', async () => {
    const api = fixture();
    const receiver = await startReceiver();
    const dispatcher = startWebhookDispatcher({ db: api.storage.db, clock: api.clock, logger: silentLogger, policy: DEFAULT_WEBHOOK_POLICY });
    try {
      const old = await post(api, '/v1/webhook_endpoints', { url: receiver.url, enabled_events: ['customer.subscription.created'], api_version: ACACIA });
      const current = await post(api, '/v1/webhook_endpoints', { url: `${receiver.url}/current`, enabled_events: ['customer.subscription.created'] });
      const sub = await subscribed(api);
      await waitFor('both deliveries', () => receiver.requests.length === 2);
      // Each payload verifies with its own endpoint's secret only.
      const verify = (secret: string) => receiver.requests.flatMap((r) => {
        try {
          return [Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, secret)];
        } catch {
          return [];
        }
      });
      const [older] = verify(old.secret);
      const [today] = verify(current.secret);
      assert.equal(older.api_version, ACACIA);
      assert.equal((older.data.object as any).current_period_end, sub.items.data[0].current_period_end);
      assert.equal(today.api_version, '2026-10-28.endive');
      assert.equal('current_period_end' in today.data.object, false);
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  });

  it("refuses a webhook endpoint's api_version Stripe never had", async () => {
    const api = fixture();
    await expectRejected(api, 'POST', '/v1/webhook_endpoints', { params: { url: 'https://app.example.com/hooks', enabled_events: ['*'], api_version: '2025-13-01' } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'api_version', message: 'Invalid Stripe API version: 2025-13-01',
    });
  });
});
