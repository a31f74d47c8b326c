import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('subscriptions through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates, lists and cancels subscriptions, and lists their items', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'dee@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' }, product_data: { name: 'Team' } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 3 }],
      default_payment_method: pm.id,
      expand: ['latest_invoice', 'default_payment_method'],
    });
    const invoice = sub.latest_invoice as { status: string; total: number };
    assert.deepEqual([sub.object, sub.status, invoice.status, invoice.total], ['subscription', 'active', 'paid', 3600]);
    assert.equal((sub.default_payment_method as { id: string }).id, pm.id);
    const item = sub.items.data[0];
    assert.deepEqual([item.object, item.quantity, item.price.unit_amount, item.current_period_end > item.current_period_start], ['subscription_item', 3, 1200, true]);

    const fetched = await stripe.subscriptions.retrieve(sub.id, { expand: ['items.data.price.product'] });
    assert.equal((fetched.items.data[0].price.product as { name: string }).name, 'Team');
    const listed = await stripe.subscriptions.list({ customer: customer.id, price: price.id });
    assert.deepEqual(listed.data.map((s) => s.id), [sub.id]);
    const items = await stripe.subscriptionItems.list({ subscription: sub.id });
    assert.deepEqual(items.data.map((i) => i.id), [item.id]);
    assert.equal((await stripe.subscriptionItems.retrieve(item.id)).subscription, sub.id);

    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await assertSdkError(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: failing.id, payment_behavior: 'error_if_incomplete' }),
      { type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
    );
    const upgraded = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, quantity: 4 }],
      proration_behavior: 'none',
      cancel_at_period_end: true,
      metadata: { seats: '4' },
    });
    assert.deepEqual([upgraded.items.data[0].quantity, upgraded.cancel_at_period_end, upgraded.metadata], [4, true, { seats: '4' }]);
    const canceled = await stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    assert.deepEqual([canceled.status, canceled.canceled_at !== null], ['canceled', true]);
    assert.deepEqual((await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data.map((s) => s.id), [sub.id]);
    await assertSdkError(stripe.subscriptions.retrieve('sub_nope'), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such subscription: 'sub_nope'",
    });
  });
});
