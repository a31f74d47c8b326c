import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('expansions through the stripe SDK', startSdkServer, (sdk) => {
  let codes = 0;
  /** A customer on a test clock, subscribed with a promotion code's discount. */
  async function fixture() {
    const { stripe } = sdk();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_798_761_600 });
    const customer = await stripe.customers.create({ email: 'expand@example.com', test_clock: clock.id });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever', name: 'Launch' });
    const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: `LAUNCH${++codes}` });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, discounts: [{ promotion_code: code.id }] });
    return { clock, customer, price, coupon, code, sub };
  }

  it('shows customer.subscriptions only when expanded, on a retrieve and on a list', async () => {
    const { stripe } = sdk();
    const { customer, sub } = await fixture();
    const plain = await stripe.customers.retrieve(customer.id) as Stripe.Customer;
    assert.equal(plain.subscriptions, undefined);
    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['subscriptions'] }) as Stripe.Customer;
    assert.deepEqual([expanded.subscriptions?.object, expanded.subscriptions?.data.map((s) => s.id), expanded.subscriptions?.url], ['list', [sub.id], `/v1/customers/${customer.id}/subscriptions`]);
    const deeper = await stripe.customers.retrieve(customer.id, { expand: ['subscriptions.data.latest_invoice'] }) as Stripe.Customer;
    assert.equal((deeper.subscriptions!.data[0].latest_invoice as Stripe.Invoice).object, 'invoice');
    const listed = await stripe.customers.list({ email: 'expand@example.com', expand: ['data.subscriptions'] });
    assert.deepEqual(listed.data.find((c) => c.id === customer.id)?.subscriptions?.data.map((s) => s.id), [sub.id]);
    // A canceled subscription is no longer among them, as in Stripe.
    await stripe.subscriptions.cancel(sub.id);
    const after = await stripe.customers.retrieve(customer.id, { expand: ['subscriptions'] }) as Stripe.Customer;
    assert.deepEqual(after.subscriptions?.data, []);
    await assertSdkError(stripe.customers.retrieve(customer.id, { expand: ['subscriptions.data.bogus'] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'expand', message: 'This property cannot be expanded (subscriptions.data.bogus).',
    });
  });

  it("expands a subscription's discounts, their promotion code and coupon, and its test clock", async () => {
    const { stripe } = sdk();
    const { clock, customer, coupon, code, sub } = await fixture();
    assert.equal(typeof sub.discounts[0], 'string');
    const expanded = await stripe.subscriptions.retrieve(sub.id, { expand: ['discounts.promotion_code', 'discounts.source.coupon', 'test_clock'] });
    const [discount] = expanded.discounts as Stripe.Discount[];
    assert.deepEqual([discount.id, discount.object, discount.subscription, discount.customer], [sub.discounts[0], 'discount', sub.id, customer.id]);
    assert.equal((discount.promotion_code as Stripe.PromotionCode).code, code.code);
    assert.deepEqual([(discount.source.coupon as Stripe.Coupon).id, (discount.source.coupon as Stripe.Coupon).name], [coupon.id, 'Launch']);
    assert.equal((expanded.test_clock as Stripe.TestHelpers.TestClock).id, clock.id);
    const items = await stripe.subscriptionItems.list({ subscription: sub.id, expand: ['data.discounts'] });
    assert.deepEqual(items.data[0].discounts, []);
  });

  it("expands an invoice's discounts, subscription, test clock and its lines' price and subscription", async () => {
    const { stripe } = sdk();
    const { clock, price, sub } = await fixture();
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string, {
      expand: ['discounts', 'parent.subscription_details.subscription', 'test_clock', 'lines.data.pricing.price_details.price', 'lines.data.subscription'],
    });
    assert.deepEqual((invoice.discounts as Stripe.Discount[]).map((d) => [d.id, d.object]), [[sub.discounts[0] as string, 'discount']]);
    assert.equal((invoice.parent?.subscription_details?.subscription as Stripe.Subscription).status, 'active');
    assert.equal((invoice.test_clock as Stripe.TestHelpers.TestClock).id, clock.id);
    const [line] = invoice.lines.data;
    assert.equal((line.pricing?.price_details?.price as Stripe.Price).unit_amount, price.unit_amount);
    assert.equal((line.subscription as Stripe.Subscription).id, sub.id);
    const lines = await stripe.invoices.listLineItems(invoice.id!, { expand: ['data.pricing.price_details.price'] });
    assert.equal((lines.data[0].pricing?.price_details?.price as Stripe.Price).id, price.id);
  });

  it("expands a tax ID's owner and an invoice item's test clock", async () => {
    const { stripe } = sdk();
    const { clock, customer } = await fixture();
    const taxId = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' });
    const owned = await stripe.customers.retrieveTaxId(customer.id, taxId.id, { expand: ['owner.customer'] });
    assert.equal((owned.owner?.customer as Stripe.Customer).email, 'expand@example.com');
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', expand: ['test_clock'] });
    assert.equal((item.test_clock as Stripe.TestHelpers.TestClock).id, clock.id);
  });
});
