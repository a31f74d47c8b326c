import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type CallOptions, type TestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';

async function post(api: TestApi, path: string, options: CallOptions): Promise<any> {
  const res = await api.call('POST', path, options);
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A customer and two monthly prices (subscriptions below start on a trial: no card needed). */
async function fixture(api: TestApi) {
  const customer = await post(api, '/v1/customers', { params: { email: 'old-sdk@example.com' } });
  const product = await post(api, '/v1/products', { params: { name: 'Team' } });
  const price = (unit_amount: number) =>
    post(api, '/v1/prices', { params: { product: product.id, currency: 'usd', unit_amount, recurring: { interval: 'month' } } });
  return { customer, seats: await price(1000), storage: await price(500) };
}

describeEachEngine('encodings of other official SDKs', createTestApi, (get) => {
  it('reads booleans as True/False in any case, as older stripe-python and stripe-dotnet send them', async () => {
    const api = get();
    const { customer, seats } = await fixture(api);
    const sub = await post(api, '/v1/subscriptions', { body: `customer=${customer.id}&items[0][price]=${seats.id}&trial_period_days=7` });
    const canceling = await post(api, `/v1/subscriptions/${sub.id}`, { body: 'cancel_at_period_end=True' });
    assert.equal(canceling.cancel_at_period_end, true);
    const resumed = await post(api, `/v1/subscriptions/${sub.id}`, { body: 'cancel_at_period_end=FALSE' });
    assert.equal(resumed.cancel_at_period_end, false);
    const retired = await post(api, '/v1/prices', { params: { product: seats.product, currency: 'usd', unit_amount: 1, active: 'False' } });
    assert.equal(retired.active, false);
    const ids = async (query: string) => (await api.call('GET', `/v1/prices?${query}&limit=100`)).body.data.map((p: { id: string }) => p.id);
    assert.ok((await ids('active=False')).includes(retired.id));
    assert.ok(!(await ids('active=True')).includes(retired.id));
    // Anything but a spelling of true or false is still refused as Stripe refuses it.
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { body: 'cancel_at_period_end=yes' }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'cancel_at_period_end', message: 'Invalid boolean: yes',
    });
  });

  it('reads a list of hashes sent as items[][price] (Rack style), a new element starting at a key seen again', async () => {
    const api = get();
    const { customer, seats, storage } = await fixture(api);
    const body = [
      `customer=${customer.id}`, 'trial_period_days=7',
      `items[][price]=${seats.id}`, 'items[][quantity]=3', 'items[][metadata][role]=seats',
      `items[][price]=${storage.id}`, 'items[][quantity]=2',
    ].join('&');
    const sub = await post(api, '/v1/subscriptions', { body });
    const items = sub.items.data.map((i: any) => [i.price.id, i.quantity, i.metadata.role ?? null]);
    assert.deepEqual(items.sort(), [[seats.id, 3, 'seats'], [storage.id, 2, null]].sort());
  });

  it('reads lists with explicit indices (PHP expand[0]=…), bracket-encoded or not, in index order', async () => {
    const api = get();
    const { customer, seats } = await fixture(api);
    const sub = await post(api, '/v1/subscriptions', { body: `customer=${customer.id}&items[0][price]=${seats.id}&trial_period_days=7&expand[0]=customer&expand[1]=latest_invoice` });
    assert.equal(sub.customer.id, customer.id);
    assert.equal(sub.latest_invoice.object, 'invoice');
    const encoded = await api.call('GET', `/v1/subscriptions/${sub.id}?expand%5B0%5D=customer`);
    assert.equal(encoded.body.customer.email, 'old-sdk@example.com');
  });

  it('refuses integers that are not whole numbers, as Stripe does (Invalid integer: 10.5)', async () => {
    const api = get();
    const { customer, seats } = await fixture(api);
    await expectRejected(api, 'POST', '/v1/subscriptions', { body: `customer=${customer.id}&items[0][price]=${seats.id}&items[0][quantity]=10.5` }, {
      status: 400, type: 'invalid_request_error', param: 'items[0][quantity]', code: 'parameter_invalid_integer', message: 'Invalid integer: 10.5',
    });
  });
});
