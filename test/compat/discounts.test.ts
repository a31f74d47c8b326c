import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('deleting discounts through the stripe SDK', startSdkServer, (sdk) => {
  it("removes a subscription's discount: its next invoice is billed in full", async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'rue@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 3 });
    const sub = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, discounts: [{ coupon: coupon.id }], expand: ['latest_invoice'],
    });
    assert.equal((sub.latest_invoice as Stripe.Invoice).total, 1500);
    const [discountId] = sub.discounts as string[];

    const deleted = await stripe.subscriptions.deleteDiscount(sub.id);
    assert.deepEqual(
      [deleted.object, deleted.deleted, deleted.id, deleted.source, deleted.subscription, deleted.customer, deleted.promotion_code, deleted.start],
      ['discount', true, discountId, { coupon: coupon.id, type: 'coupon' }, sub.id, customer.id, null, sub.start_date],
    );
    assert.equal('end' in deleted, false);
    const [event] = (await stripe.events.list({ type: 'customer.discount.deleted' })).data;
    const discount = event.data.object as Stripe.Discount;
    assert.deepEqual([discount.id, discount.object, discount.subscription], [discountId, 'discount', sub.id]);
    // A repeating discount ends duration_in_months after its start.
    assert.equal(new Date(discount.end! * 1000).getUTCMonth(), (new Date(sub.start_date * 1000).getUTCMonth() + 3) % 12);
    const [updated] = (await stripe.events.list({ type: 'customer.subscription.updated' })).data;
    assert.deepEqual([(updated.data.object as Stripe.Subscription).discounts, updated.data.previous_attributes], [[], { discounts: [discountId] }]);

    assert.deepEqual((await stripe.subscriptions.retrieve(sub.id)).discounts, []);
    const next = await stripe.invoices.createPreview({ subscription: sub.id });
    assert.deepEqual([next.total, next.discounts], [2000, []]);
    await assertSdkError(stripe.subscriptions.deleteDiscount(sub.id), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No active discount for subscription: '${sub.id}'`,
    });
  });

  it('answers a customer without a discount as Stripe does', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'sol@example.com' });
    assert.equal(customer.discount, null);
    await assertSdkError(stripe.customers.deleteDiscount(customer.id), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No active discount for customer: '${customer.id}'`,
    });
    await assertSdkError(stripe.customers.deleteDiscount('cus_nope'), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such customer: 'cus_nope'",
    });
    const removals = (await stripe.events.list({ type: 'customer.discount.deleted' })).data;
    assert.equal(removals.filter((e) => (e.data.object as Stripe.Discount).customer === customer.id).length, 0);
  });
});
