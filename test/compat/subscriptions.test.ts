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

  it('pauses collection, removes an item, and resumes a subscription paused at its trial end', async () => {
    const { stripe } = sdk();
    const start = 1_798_761_600; // Jan 1 2027
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await stripe.customers.create({ email: 'pat@example.com', test_clock: clock.id });
    const monthly = (name: string, unit_amount: number) => stripe.prices.create({ currency: 'usd', unit_amount, recurring: { interval: 'month' }, product_data: { name } });
    const [base, extra] = [await monthly('Base', 1000), await monthly('Extra', 500)];
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: base.id }, { price: extra.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    assert.equal(sub.trial_settings?.end_behavior.missing_payment_method, 'pause');
    const held = await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void', resumes_at: start + 30 * 86_400 } });
    assert.deepEqual(held.pause_collection, { behavior: 'void', resumes_at: start + 30 * 86_400 });
    assert.equal((await stripe.subscriptions.update(sub.id, { pause_collection: '' })).pause_collection, null);
    const trimmed = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[1].id, deleted: true, clear_usage: true }] });
    assert.deepEqual(trimmed.items.data.map((i) => i.price.id), [base.id]);

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 8 * 86_400 });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'paused');
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const resumed = await stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: 'now' }, payment_behavior: 'resume_on_payment_attempt', expand: ['latest_invoice'] });
    const invoice = resumed.latest_invoice as { status: string; amount_paid: number };
    assert.deepEqual([resumed.status, invoice.status, invoice.amount_paid], ['active', 'paid', 1000]);
    await assertSdkError(stripe.subscriptions.resume(sub.id), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'id', message: /only a paused subscription can be resumed/,
    });
  });
});
