import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf, type PortalFixture, type PortalPage, type PortalVisitor } from '../../test/support/portal.ts';

const APP = 'https://app.example.com/account';

/** What a customer types that is not a quantity, or is too many: each refused beside the field. */
const NOT_ALLOWED = ['1000000', '1e15', '0', '-1', '1.5', 'abc'];

/** Sets the one configured product's adjustable_quantity (the fixture offers both its prices). */
async function adjustable(api: TestApi, f: PortalFixture, adjustable_quantity: Record<string, unknown>) {
  await apiPost(api, `/v1/billing_portal/configurations/${f.configuration.id}`, {
    features: { subscription_update: { products: [{ product: f.products.pro.id, prices: [f.prices.monthly.id, f.prices.bigger.id], adjustable_quantity }] } },
  });
}

/** The choice page came back refusing the quantity: the field keeps what was typed, marked and described by the message beside it. */
function assertRefusedBesideField(page: PortalPage, typed: string, message: string) {
  assert.equal(page.status, 400, `${typed}: ${textOf(page.html).slice(0, 300)}`);
  const field = page.html.match(/<input id="quantity"[^>]*>/)?.[0] ?? '';
  assert.ok(field.includes(`value="${typed}"`), `${typed}: ${field}`);
  assert.ok(field.includes('aria-invalid="true"') && field.includes('aria-describedby="quantity-error"'), field);
  const beside = page.html.slice(page.html.indexOf(field) + field.length).match(/^\s*<p id="quantity-error" class="field-error">([^<]*)<\/p>/);
  assert.equal(beside?.[1], message, page.html);
}

describeEachEngine('portal quantities', createTestApi, (get) => {
  const changeOf = (f: PortalFixture) => f.subscription.items.data[0].id;
  /** The subscription as the API reads it, and how many updates it has had. */
  const state = async (api: TestApi, f: PortalFixture) => {
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    const updates = (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.updated', limit: 100 } })).body.data.length;
    return { price: sub.items.data[0].price.id, quantity: sub.items.data[0].quantity, updates };
  };
  /** Asks for `quantity` on the preview and by posting the confirmation; both refuse it and nothing changes. */
  const assertRefused = async (api: TestApi, f: PortalFixture, v: PortalVisitor, quantity: string, message: string) => {
    const before = await state(api, f);
    const item = changeOf(f);
    const preview = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?${new URLSearchParams({ item, price: f.prices.bigger.id, quantity })}`);
    assertRefusedBesideField(preview, quantity, message);
    const posted = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity, proration_date: String(api.clock.now()) });
    assertRefusedBesideField(posted, quantity, message);
    assert.deepEqual(await state(api, f), before, quantity);
  };

  it('holds the configured maximum on the preview and the confirmation, keeping what was typed beside the field', async () => {
    const api = get();
    const f = await portalFixture(api, 'Max Ten'); // adjustable up to 10
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, return_url: APP });
    for (const quantity of [...NOT_ALLOWED, '11']) await assertRefused(api, f, v, quantity, 'Choose a quantity from 1 to 10.');

    const item = changeOf(f);
    const ok = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=10`);
    assert.equal(ok.status, 200);
    assert.match(textOf(ok.html), /quantity 10\./);
    const done = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '10', proration_date: String(api.clock.now()) });
    assert.equal(done.status, 303);
    assert.equal((await state(api, f)).quantity, 10);
  });

  it("applies Stripe's defaults: at least 1, at most 99 without a maximum (a minimum above it needs one), at most 999,999 with one, and the configured minimum", async () => {
    const api = get();
    const f = await portalFixture(api, 'No Maximum');
    await adjustable(api, f, { enabled: 'true' });
    const { session } = await openPortal(api, { customer: f.customer.id, return_url: APP });
    const config = (await api.call('GET', `/v1/billing_portal/configurations/${session.configuration}`)).body;
    assert.deepEqual(config.features.subscription_update.products[0].adjustable_quantity, { enabled: true, maximum: null, minimum: 1 });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, return_url: APP });
    for (const quantity of [...NOT_ALLOWED, '100']) await assertRefused(api, f, v, quantity, 'Choose a quantity from 1 to 99.');
    const ok = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${changeOf(f)}&price=${f.prices.bigger.id}&quantity=99`);
    assert.equal(ok.status, 200);

    await adjustable(api, f, { enabled: 'true', minimum: 5, maximum: 20 });
    await assertRefused(api, f, v, '4', 'Choose a quantity from 5 to 20.');
    // A minimum above the default maximum needs a maximum of its own.
    const tooFew = await api.call('POST', `/v1/billing_portal/configurations/${f.configuration.id}`, {
      params: { features: { subscription_update: { products: [{ product: f.products.pro.id, prices: [f.prices.monthly.id], adjustable_quantity: { enabled: 'true', minimum: 150 } }] } } },
    });
    assert.equal(tooFew.status, 400);
    assert.equal(tooFew.body.error.param, 'features[subscription_update][products][0][adjustable_quantity][maximum]');
    // At most 999,999, as Stripe bounds adjustable quantities: a customer never reaches a total past exact integers.
    for (const maximum of [1000000, 1e15]) {
      const tooMany = await api.call('POST', `/v1/billing_portal/configurations/${f.configuration.id}`, {
        params: { features: { subscription_update: { products: [{ product: f.products.pro.id, prices: [f.prices.monthly.id], adjustable_quantity: { enabled: 'true', maximum } }] } } },
      });
      assert.equal(tooMany.status, 400, String(maximum));
      assert.equal(tooMany.body.error.param, 'features[subscription_update][products][0][adjustable_quantity][maximum]');
    }
  });

  it('keeps the current quantity when the product is not adjustable, and shows no quantity field', async () => {
    const api = get();
    const f = await portalFixture(api, 'Fixed Seats');
    await adjustable(api, f, { enabled: 'false', maximum: 10 });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, return_url: APP });
    const choose = await v.get(`/p/subscriptions/${f.subscription.id}/update`);
    assert.equal(choose.status, 200);
    assert.doesNotMatch(choose.html, /name="quantity"/);
    for (const quantity of [...NOT_ALLOWED, '2']) {
      const item = changeOf(f);
      const before = await state(api, f);
      for (const page of [
        await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?${new URLSearchParams({ item, price: f.prices.bigger.id, quantity })}`),
        await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity, proration_date: String(api.clock.now()) }),
      ]) {
        assert.equal(page.status, 400, quantity);
        assert.match(textOf(page.html), /The quantity of this plan cannot be changed: it stays 1\./);
      }
      assert.deepEqual(await state(api, f), before);
    }
    // The plan itself may change: the quantity stays.
    const moved = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item: changeOf(f), price: f.prices.bigger.id, proration_date: String(api.clock.now()) });
    assert.equal(moved.status, 303);
    assert.deepEqual([(await state(api, f)).price, (await state(api, f)).quantity], [f.prices.bigger.id, 1]);
  });

  it('keeps the quantity of a price the configuration does not list', async () => {
    const api = get();
    const f = await portalFixture(api, 'Legacy Plan');
    const legacy = await apiPost(api, '/v1/prices', { product: f.products.pro.id, currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' } });
    const sub = await apiPost(api, '/v1/subscriptions', { customer: f.customer.id, items: [{ price: legacy.id, quantity: 3 }] });
    const item = sub.items.data[0].id;
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, return_url: APP });
    for (const quantity of [...NOT_ALLOWED, '4']) {
      const page = await v.get(`/p/subscriptions/${sub.id}/update/confirm?${new URLSearchParams({ item, price: legacy.id, quantity })}`);
      assert.equal(page.status, 400, quantity);
      assert.match(textOf(page.html), /The quantity of this plan cannot be changed: it stays 3\./);
      const posted = await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: legacy.id, quantity, proration_date: String(api.clock.now()) });
      assert.equal(posted.status, 400, quantity);
    }
    assert.equal((await api.call('GET', `/v1/subscriptions/${sub.id}`)).body.items.data[0].quantity, 3);
    // Moving to a listed price takes that product's limits.
    const listed = await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=4`);
    assert.equal(listed.status, 200);
  });

  it("refuses a subscription_update_confirm flow whose quantity the configuration does not allow, naming the item's quantity", async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Seats');
    const flow = (quantity: number) => ({
      customer: f.customer.id,
      flow_data: { type: 'subscription_update_confirm', subscription_update_confirm: { subscription: f.subscription.id, items: [{ id: changeOf(f), price: f.prices.bigger.id, quantity }] } },
    });
    for (const quantity of [1000000, 1e15, 0, 11]) {
      const res = await api.call('POST', '/v1/billing_portal/sessions', { params: flow(quantity) });
      assert.equal(res.status, 400, `${quantity}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.param, 'flow_data[subscription_update_confirm][items][0][quantity]');
      // Past the largest quantity any request takes, the parameter's own bound answers first.
      assert.match(res.body.error.message, quantity > 99_999_999 ? /99999999|99,999,999/ : /from 1 to 10/);
    }
    // A flow within the limits lands on its preview; the customer then edits the quantity in the address: refused beside the field.
    const { visitor: v, landing } = await openPortal(api, { ...flow(4), return_url: APP });
    assert.equal((await v.get(landing)).status, 200);
    const edited = landing.replace('quantity=4', 'quantity=1000000');
    assertRefusedBesideField(await v.get(edited), '1000000', 'Choose a quantity from 1 to 10.');
  });
});
