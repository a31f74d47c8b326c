import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { JSON_TYPE, startAppEndpoints, type AppEndpointsServer } from '../support/app-endpoints.ts';

// The plan switcher a settings page calls changes plans by the portal configuration's rules, as the portal does.

const PLAN = 'http://x/api/billing/subscription/plan';

describeEachEngine('the change-plan companion offers what the portal configuration offers', startAppEndpoints, (server) => {
  const post = async (s: AppEndpointsServer, url: string, body: Record<string, unknown>) =>
    s.send(url, { method: 'POST', headers: { Authorization: `Bearer ${await s.token({ sub: 'user_ada' })}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const price = async (s: AppEndpointsServer, params: Record<string, unknown>, key?: string) => (await s.api.call('POST', '/v1/prices', { params, key })).body;
  const adaSubscription = async (s: AppEndpointsServer) => (await s.api.call('GET', '/v1/subscriptions', { params: { customer: s.customers.ada.id } })).body.data[0];
  const defaultConfiguration = async (s: AppEndpointsServer) => (await s.api.call('GET', '/v1/billing_portal/configurations', { params: { is_default: 'true' } })).body.data[0];
  const configure = async (s: AppEndpointsServer, features: Record<string, unknown>) => {
    const res = await s.api.call('POST', `/v1/billing_portal/configurations/${(await defaultConfiguration(s)).id}`, { params: { features } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  /** What a refusal must leave as it was: the subscription, its invoices and the events. */
  const state = async (s: AppEndpointsServer) => {
    const sub = await adaSubscription(s);
    const invoices = (await s.api.call('GET', '/v1/invoices', { params: { customer: s.customers.ada.id, limit: 100 } })).body.data.length;
    const event = (await s.api.call('GET', '/v1/events', { params: { limit: 1 } })).body.data[0].id;
    return { price: sub.items.data[0].price.id, quantity: sub.items.data[0].quantity, scheduled: sub.scheduled_change, cancel: sub.cancel_at_period_end, invoices, event };
  };

  it('refuses a price the configuration does not offer, naming priceId, and writes nothing', async () => {
    const s = server();
    // The document's envelope, with the refused field added so the test can read it.
    await s.enable('bearer-data-change-plan', {
      contract: { errors: { invalid_request: { status: 400, body: { success: false, error: { code: 'VALIDATION_ERROR', message: '{{message}}', field: '{{param}}' } } } } },
    });
    const pro = s.prices.monthly.product;
    const enterprise = (await s.api.call('POST', '/v1/products', { params: { name: 'Enterprise' } })).body;
    const recurring = { interval: 'month' };
    const euros = await price(s, { product: pro, currency: 'eur', unit_amount: 2700, recurring });
    const retired = await price(s, { product: pro, currency: 'usd', unit_amount: 3900, recurring });
    // The configuration lists the euro price and one it retires later: listed is not enough.
    await configure(s, {
      subscription_update: { products: [{ product: pro, prices: [s.prices.monthly.id, s.prices.bigger.id, euros.id, retired.id], adjustable_quantity: { enabled: true, maximum: 10 } }] },
    });
    assert.equal((await s.api.call('POST', `/v1/prices/${retired.id}`, { params: { active: 'false' } })).status, 200);
    const attacks = {
      'another product the merchant never offers': (await price(s, { product: enterprise.id, currency: 'usd', unit_amount: 99900, recurring })).id,
      'a cheaper legacy price': (await price(s, { product: pro, currency: 'usd', unit_amount: 900, recurring })).id,
      'a $0 internal price': s.prices.free.id,
      'a one-time price': (await price(s, { product: pro, currency: 'usd', unit_amount: 100 })).id,
      'a price in another currency': euros.id,
      'an archived price': retired.id,
      "another project's price": (await price(s, { product: (await s.api.call('POST', '/v1/products', { key: s.api.keys.otherProject, params: { name: 'Pro' } })).body.id, currency: 'usd', unit_amount: 100, recurring }, s.api.keys.otherProject)).id,
      "a live-mode price": (await price(s, { product: (await s.api.call('POST', '/v1/products', { key: s.api.keys.live, params: { name: 'Pro' } })).body.id, currency: 'usd', unit_amount: 100, recurring }, s.api.keys.live)).id,
      'no price at all': 'price_unknown',
    };
    const before = await state(s);
    for (const [attack, priceId] of Object.entries(attacks)) {
      assert.match(priceId, /^price_/, attack);
      const reply = await post(s, PLAN, { priceId });
      assert.equal(reply.status, 400, `${attack}: ${JSON.stringify(reply.body)}`);
      assert.match(reply.type!, JSON_TYPE);
      assert.equal(reply.body.success, false);
      assert.equal(reply.body.error.code, 'VALIDATION_ERROR', attack);
      assert.equal(reply.body.error.field, 'priceId', attack);
      assert.match(reply.body.error.message, /priceId/, attack);
    }
    assert.deepEqual(await state(s), before, 'nothing changed, nothing invoiced, no event');
  });

  it('a price the configuration offers switches the plan as the document shows, billed as the configuration prorates', async () => {
    const s = server();
    s.api.clock.advance(10 * 86_400); // a third into the period: the switch has time left to prorate
    const before = await state(s);
    const reply = await post(s, PLAN, { priceId: s.prices.bigger.id });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.match(reply.type!, JSON_TYPE);
    assert.equal(reply.body.success, true);
    assert.deepEqual(reply.body.data.subscription.plan, { id: s.prices.bigger.id, name: 'Pro', amount: 4900, currency: 'usd', interval: 'month' });
    assert.equal(reply.body.data.subscription.status, 'active');
    const sub = await adaSubscription(s);
    assert.equal(sub.items.data[0].price.id, s.prices.bigger.id);
    // The default configuration's proration_behavior is always_invoice: the difference is invoiced at once.
    const invoices = (await s.api.call('GET', '/v1/invoices', { params: { customer: s.customers.ada.id, limit: 100 } })).body.data;
    assert.equal(invoices.length, before.invoices + 1);
    assert.deepEqual([invoices[0].billing_reason, invoices[0].status], ['subscription_update', 'paid']);
    assert.ok(invoices[0].total > 0 && invoices[0].total < 4900 - 2900, `the unused Pro time credited, the rest of the period on the bigger price: ${invoices[0].total}`);
  });

  it('a downgrade the configuration schedules for the period end waits for it', async () => {
    const s = server();
    await configure(s, { subscription_update: { schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] } } });
    const reply = await post(s, PLAN, { priceId: s.prices.monthly.id });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.data.subscription.plan.id, s.prices.bigger.id, 'the current plan runs to the period end');
    const sub = await adaSubscription(s);
    assert.equal(sub.items.data[0].price.id, s.prices.bigger.id);
    assert.deepEqual(sub.scheduled_change?.items.map((i: any) => i.price), [s.prices.monthly.id]);
    assert.equal(sub.scheduled_change?.effective_at, sub.items.data[0].current_period_end);
    await s.api.call('POST', '/v1/subscriptions/' + sub.id, { params: { items: [{ id: sub.items.data[0].id, price: s.prices.bigger.id }] } });
  });

  it('with plan changes off in the configuration, or on a subscription set to cancel, the companion is refused; a named configuration rules instead', async () => {
    const s = server();
    await configure(s, { subscription_update: { default_allowed_updates: ['quantity'] } });
    let before = await state(s);
    const quantityOnly = await post(s, PLAN, { priceId: s.prices.monthly.id });
    assert.equal(quantityOnly.status, 400, `prices cannot change: ${JSON.stringify(quantityOnly.body)}`);
    assert.equal(quantityOnly.body.error.field, 'priceId');
    assert.deepEqual(await state(s), before);
    await configure(s, { subscription_update: { enabled: 'false', default_allowed_updates: ['price', 'quantity'] } });
    before = await state(s);
    const off = await post(s, PLAN, { priceId: s.prices.monthly.id });
    assert.equal(off.status, 400, JSON.stringify(off.body));
    assert.equal(off.body.error.field, 'priceId');
    assert.match(off.body.error.message, /^priceId: /);
    assert.deepEqual(await state(s), before);

    // A contract that lets the request name a configuration uses that one.
    const enterprise = (await s.api.call('POST', '/v1/products', { params: { name: 'Enterprise' } })).body;
    const seats = await price(s, { product: enterprise.id, currency: 'usd', unit_amount: 9900, recurring: { interval: 'month' } });
    const named = await s.api.call('POST', '/v1/billing_portal/configurations', {
      params: { features: { subscription_update: { enabled: 'true', default_allowed_updates: ['price'], proration_behavior: 'none', products: [{ product: enterprise.id, prices: [seats.id] }] } } },
    });
    assert.equal(named.status, 200, JSON.stringify(named.body));
    await s.enable('bearer-data-change-plan', { path: '/api/billing/subscription/plan-in', contract: { request: { configuration: { name: 'configuration', required: false } } } });
    const IN = 'http://x/api/billing/subscription/plan-in';
    const ready = await state(s);
    assert.equal((await post(s, IN, { priceId: seats.id })).status, 400, 'without a configuration named, the default one (changes off) rules');
    const unknown = await post(s, IN, { priceId: seats.id, configuration: 'bpc_unknown' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /bpc_unknown/);
    assert.deepEqual(await state(s), ready);

    const sub = await adaSubscription(s);
    await s.api.call('POST', `/v1/subscriptions/${sub.id}`, { params: { cancel_at_period_end: 'true' } });
    const canceling = await post(s, IN, { priceId: seats.id, configuration: named.body.id });
    assert.equal(canceling.status, 400, 'a subscription set to cancel changes no plan, as in the portal');
    assert.equal((await adaSubscription(s)).cancel_at_period_end, true);
    await s.api.call('POST', `/v1/subscriptions/${sub.id}`, { params: { cancel_at_period_end: 'false' } });

    const moved = await post(s, IN, { priceId: seats.id, configuration: named.body.id });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([moved.body.data.subscription.plan.id, moved.body.data.subscription.plan.name], [seats.id, 'Enterprise']);
    const invoices = (await s.api.call('GET', '/v1/invoices', { params: { customer: s.customers.ada.id, limit: 100 } })).body.data;
    assert.equal(invoices.length, ready.invoices, 'that configuration prorates nothing');
  });
});
