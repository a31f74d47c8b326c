import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

const APP = 'https://app.example.com/billing';

describeEachEngine('portal deep-link flows', createTestApi, (get) => {
  it('payment_method_update lands on the cards and ends on a hosted confirmation with its message', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Cards');
    const { visitor: v, landing } = await openPortal(api, {
      customer: f.customer.id,
      return_url: APP,
      flow_data: { type: 'payment_method_update', after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Thanks, your card is saved.' } } },
    });
    assert.equal(landing, '/p/payment-methods');
    await v.get(landing);
    const added = await v.post('/p/payment-methods', { number: '4242424242424242', exp_month: '1', exp_year: '2032' });
    assert.equal(added.headers.get('location'), '/p/done');
    const done = await v.get('/p/done');
    assert.match(textOf(done.html), /All done Thanks, your card is saved\. Back Manage billing/);
  });

  it('subscription_cancel lands on the cancel page and ends by redirecting where the flow says', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Cancel');
    const { visitor: v, landing } = await openPortal(api, {
      customer: f.customer.id,
      return_url: APP,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: f.subscription.id },
        after_completion: { type: 'redirect', redirect: { return_url: 'https://app.example.com/goodbye' } },
      },
    });
    assert.equal(landing, `/p/subscriptions/${f.subscription.id}/cancel`);
    const page = await v.get(landing);
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self' https:\/\/app\.example\.com;/);
    const res = await v.post(landing, { reason: 'unused' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), 'https://app.example.com/goodbye');
    assert.equal((await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body.cancellation_details.feedback, 'unused');
  });

  it('subscription_cancel with retention offers the coupon; taking it keeps the subscription, discounted from the next invoice', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Retained');
    const coupon = await apiPost(api, '/v1/coupons', { percent_off: 20, duration: 'once' });
    const { visitor: v, landing } = await openPortal(api, {
      customer: f.customer.id,
      return_url: APP,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: f.subscription.id, retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } } },
        after_completion: { type: 'hosted_confirmation' },
      },
    });
    const page = await v.get(landing);
    assert.match(textOf(page.html), /Before you go Stay and get 20% off your next invoice\. Accept offer/);
    const taken = await v.post(`/p/subscriptions/${f.subscription.id}/retention`);
    assert.equal(taken.headers.get('location'), '/p/done');
    assert.match(textOf((await v.get('/p/done')).html), /All done Your changes are saved\./);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.deepEqual([sub.status, sub.cancel_at_period_end, sub.discounts.length], ['active', false, 1]);
    assert.equal((await api.call('GET', `/v1/coupons/${coupon.id}`)).body.times_redeemed, 1);
    const next = await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } });
    assert.equal(next.body.total, 2320, '20% off the next $29.00');
    assert.doesNotMatch((await v.get(landing)).html, /Accept offer/, 'offered once');
    assert.equal((await v.post(`/p/subscriptions/${f.subscription.id}/retention`)).status, 404);
  });

  it('subscription_update lands on the plan choice; subscription_update_confirm lands on the preview and returns home', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Update');
    const update = await openPortal(api, { customer: f.customer.id, flow_data: { type: 'subscription_update', subscription_update: { subscription: f.subscription.id } } });
    assert.equal(update.landing, `/p/subscriptions/${f.subscription.id}/update`);
    assert.match(textOf((await update.visitor.get(update.landing)).html), /Choose a plan/);

    const item = f.subscription.items.data[0].id;
    const confirm = await openPortal(api, {
      customer: f.customer.id,
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: { subscription: f.subscription.id, items: [{ id: item, price: f.prices.bigger.id, quantity: 3 }] },
        after_completion: { type: 'portal_homepage' },
      },
    });
    assert.equal(confirm.landing, `/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=3`);
    const page = await confirm.visitor.get(confirm.landing);
    assert.match(textOf(page.html), /New plan: Pro – \$49\.00 per month, quantity 3\./);
    const res = await confirm.visitor.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '3' });
    assert.equal(res.headers.get('location'), '/p?done=plan_updated');
    assert.equal((await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body.items.data[0].quantity, 3);
  });

  it('refuses a flow whose feature the configuration turns off', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Off');
    const config = await apiPost(api, '/v1/billing_portal/configurations', { features: { invoice_history: { enabled: 'true' } } });
    const res = await api.call('POST', '/v1/billing_portal/sessions', { params: { customer: f.customer.id, configuration: config.id, flow_data: { type: 'payment_method_update' } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'flow_data[type]');
    assert.equal(res.body.error.message, 'flow_data.type=payment_method_update needs features[payment_method_update][enabled] in the session\'s configuration.');
  });

  it('takes one item per subscription_update_confirm, as Stripe does', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Two Items');
    const item = f.subscription.items.data[0].id;
    const res = await api.call('POST', '/v1/billing_portal/sessions', {
      params: { customer: f.customer.id, flow_data: { type: 'subscription_update_confirm', subscription_update_confirm: { subscription: f.subscription.id, items: [{ id: item }, { id: item, quantity: 2 }] } } },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error.param, /^flow_data\[subscription_update_confirm\]\[items\]/);
  });
});
