import { it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

const JAN_1_2027 = 1_798_761_600;
const DAY = 86_400;
/** Stripe's proration of `amount` for `left` of `total` seconds: each line rounded on its own. */
const prorated = (amount: number, left: number, total: number) => Math.round((amount * left) / total);

describeEachEngine('subscription items through the stripe SDK', startSdkServer, (sdk) => {
  /** A customer on a test clock at Jan 1 2027, paying by card, subscribed to Base at $10 a month. */
  async function subscribed(stripe: Stripe) {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027 });
    const customer = await stripe.customers.create({ email: 'ivy@example.com', test_clock: clock.id });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const monthly = (name: string, unit_amount: number, currency = 'usd', interval: 'month' | 'year' = 'month') =>
      stripe.prices.create({ currency, unit_amount, recurring: { interval }, product_data: { name } });
    const base = await monthly('Base', 1000);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: base.id }] });
    return { clock, customer, sub, base, monthly };
  }

  const updatesOf = async (stripe: Stripe, sub: string) =>
    (await stripe.events.list({ type: 'customer.subscription.updated', limit: 100 })).data.filter((e) => (e.data.object as Stripe.Subscription).id === sub);

  it('adds, changes and removes items, prorating each change to the second as Stripe does', async () => {
    const { stripe } = sdk();
    const { clock, customer, sub, base, monthly } = await subscribed(stripe);
    const [extra, premium] = [await monthly('Extra', 500), await monthly('Premium', 3000)];
    // Halfway through January: 16 of its 31 days are left.
    const at = JAN_1_2027 + 15 * DAY;
    const [left, total] = [16 * DAY, 31 * DAY];
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: at });

    const added = await stripe.subscriptionItems.create({ subscription: sub.id, price: extra.id, quantity: 2, metadata: { seat: 'extra' } });
    assert.deepEqual([added.object, added.subscription, added.price.id, added.quantity, added.metadata], ['subscription_item', sub.id, extra.id, 2, { seat: 'extra' }]);
    assert.equal(added.plan.id, extra.id);
    // create_prorations (the default): the remaining time of the new item waits for the next invoice.
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    assert.deepEqual(pending.data.map((i) => [i.amount, i.description]), [[prorated(1000, left, total), 'Remaining time on 2 × Extra after 16 Jan 2027']]);
    assert.equal(pending.data[0].amount, 516);
    const [addition] = await updatesOf(stripe, sub.id);
    assert.deepEqual((addition.data.object as Stripe.Subscription).items.data.map((i) => i.price.id), [base.id, extra.id]);
    assert.ok(addition.data.previous_attributes && 'items' in addition.data.previous_attributes);

    // A new price without a quantity bills one; always_invoice bills the change (and what was pending) at once.
    const baseItem = sub.items.data[0];
    const upgraded = await stripe.subscriptionItems.update(baseItem.id, { price: premium.id, proration_behavior: 'always_invoice' });
    assert.deepEqual([upgraded.id, upgraded.price.id, upgraded.quantity], [baseItem.id, premium.id, 1]);
    const invoice = (await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] })).latest_invoice as Stripe.Invoice;
    const lines = invoice.lines.data.map((l) => l.amount).sort((a, b) => a - b);
    assert.deepEqual(lines, [-prorated(1000, left, total), prorated(1000, left, total), prorated(3000, left, total)]);
    assert.deepEqual([invoice.billing_reason, invoice.status, invoice.amount_paid], ['subscription_update', 'paid', 1548]);
    const invoiceEvents = (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id?: string }).id === invoice.id).map((e) => e.type);
    assert.deepEqual(invoiceEvents.reverse().slice(0, 2), ['invoice.created', 'invoice.finalized']);
    assert.ok(invoiceEvents.includes('invoice.paid'));

    // Metadata and quantity alone, unprorated: the customer is not billed for the change.
    const renamed = await stripe.subscriptionItems.update(added.id, { metadata: { seat: 'spare' }, quantity: 3, proration_behavior: 'none' });
    assert.deepEqual([renamed.metadata, renamed.quantity], [{ seat: 'spare' }, 3]);
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.length, 0);

    const removed = await stripe.subscriptionItems.del(added.id, { proration_behavior: 'create_prorations' });
    assert.deepEqual([removed.id, removed.object, removed.deleted], [added.id, 'subscription_item', true]);
    const credit = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    assert.deepEqual(credit.data.map((i) => i.amount), [-prorated(1500, left, total)]);
    assert.deepEqual((await stripe.subscriptionItems.list({ subscription: sub.id })).data.map((i) => i.id), [baseItem.id]);
    const removal = (await updatesOf(stripe, sub.id))[0];
    assert.deepEqual((removal.data.object as Stripe.Subscription).items.data.map((i) => i.id), [baseItem.id]);
    await assertSdkError(stripe.subscriptionItems.retrieve(added.id), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such subscription_item: '${added.id}'`,
    });
  });

  it('prorates as of proration_date, as a preview showed it', async () => {
    const { stripe } = sdk();
    const { customer, sub, monthly } = await subscribed(stripe);
    const seats = await monthly('Seats', 700);
    // Added as of Jan 22: 10 of January's 31 days are left.
    await stripe.subscriptionItems.create({ subscription: sub.id, price: seats.id, proration_date: JAN_1_2027 + 21 * DAY });
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    assert.deepEqual(pending.data.map((i) => i.amount), [prorated(700, 10 * DAY, 31 * DAY)]);
    assert.equal(pending.data[0].amount, 226);
  });

  it('makes a price for an item from price_data, through an item call or items[] of a subscription', async () => {
    const { stripe } = sdk();
    const { customer, sub, base } = await subscribed(stripe);
    const product = base.product as string;
    const added = await stripe.subscriptionItems.create({ subscription: sub.id, price_data: { currency: 'usd', product, unit_amount: 250, recurring: { interval: 'month' } }, quantity: 4 });
    // Made for this item, as Stripe makes them: inactive, so not offered again.
    assert.deepEqual([added.price.unit_amount, added.price.product, added.price.active, added.quantity], [250, product, false, 4]);
    const changed = await stripe.subscriptionItems.update(added.id, { price_data: { currency: 'usd', product, unit_amount_decimal: Stripe.Decimal.from('300'), recurring: { interval: 'month' } } });
    assert.deepEqual([changed.price.unit_amount, changed.quantity], [300, 1]);
    assert.notEqual(changed.price.id, added.price.id);
    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price_data: { currency: 'usd', product, unit_amount: 800, recurring: { interval: 'month' } } }] });
    assert.deepEqual([other.status, other.items.data[0].price.unit_amount], ['active', 800]);
  });

  it('charges an invoice the change makes as the customer being present or away (off_session)', async () => {
    const { stripe } = sdk();
    const { clock, customer, sub, monthly } = await subscribed(stripe);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1_2027 + 10 * DAY });
    // A card that asks for 3-D Secure when the customer is present, and not when away.
    const card = await stripe.paymentMethods.attach('pm_card_authenticationRequiredSetupForOffSession', { customer: customer.id });
    await stripe.subscriptions.update(sub.id, { default_payment_method: card.id });
    const typesOf = async (invoice: string) =>
      (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id?: string }).id === invoice).map((e) => e.type);
    const latest = async () => (await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string;

    const item = sub.items.data[0];
    await stripe.subscriptionItems.update(item.id, { quantity: 2, proration_behavior: 'always_invoice', off_session: false });
    const present = await typesOf(await latest());
    assert.ok(present.includes('invoice.payment_action_required') && !present.includes('invoice.paid'), present.join());
    await stripe.subscriptionItems.update(item.id, { price: (await monthly('Plus', 2000)).id, proration_behavior: 'always_invoice', off_session: true });
    const away = await typesOf(await latest());
    assert.ok(away.includes('invoice.paid') && !away.includes('invoice.payment_action_required'), away.join());
  });

  it("refuses what Stripe refuses, with Stripe's messages, and what Bursar does not support", async () => {
    const { stripe } = sdk();
    const { sub, base, monthly } = await subscribed(stripe);
    const updates = (await updatesOf(stripe, sub.id)).length;
    const invalid = (param: string | undefined, message: string | RegExp, code?: string) => ({ type: 'StripeInvalidRequestError', statusCode: 400, code, param, message });
    await assertSdkError(stripe.subscriptionItems.create({ subscription: sub.id, price: base.id }), invalid('price', 'Cannot add multiple subscription items with the same price.'));
    const euros = await monthly('Euro', 900, 'eur');
    await assertSdkError(stripe.subscriptionItems.create({ subscription: sub.id, price: euros.id }), invalid('price', /is in eur, but this subscription bills in usd/));
    const yearly = await monthly('Yearly', 9000, 'usd', 'year');
    await assertSdkError(
      stripe.subscriptionItems.create({ subscription: sub.id, price: yearly.id }),
      invalid('price', 'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.'),
    );
    await assertSdkError(stripe.subscriptionItems.create({ subscription: sub.id }), invalid('price', 'Missing required param: price.', 'parameter_missing'));
    await assertSdkError(stripe.subscriptionItems.create({ subscription: sub.id, price: base.id, plan: base.id }), invalid('plan', 'You may only specify one of these parameters: plan, price.'));
    await assertSdkError(
      stripe.subscriptionItems.create({ subscription: 'sub_nope', price: base.id }),
      { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'subscription', message: "No such subscription: 'sub_nope'" },
    );
    const product = base.product as string;
    await assertSdkError(
      stripe.subscriptionItems.create({ subscription: sub.id, price: base.id, price_data: { currency: 'usd', product, unit_amount: 100, recurring: { interval: 'month' } } }),
      invalid('price_data', 'You may only specify one of these parameters: price, price_data.'),
    );
    await assertSdkError(
      stripe.subscriptionItems.create({ subscription: sub.id, price_data: { currency: 'eur', product, unit_amount: 100, recurring: { interval: 'month' } } }),
      invalid('price_data', /is in eur, but this subscription bills in usd/),
    );
    await assertSdkError(stripe.subscriptionItems.create({ subscription: sub.id, price_data: { currency: 'usd', product: 'prod_nope', unit_amount: 100, recurring: { interval: 'month' } } }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'price_data[product]', message: "No such product: 'prod_nope'",
    });
    await assertSdkError(stripe.subscriptionItems.update(sub.items.data[0].id, { billing_thresholds: { usage_gte: 10 } }), invalid('billing_thresholds', /^billing_thresholds is not supported: /, 'parameter_invalid'));
    await assertSdkError(
      stripe.subscriptionItems.del(sub.items.data[0].id),
      invalid(undefined, `A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions/${sub.id}.`),
    );
    await assertSdkError(stripe.subscriptionItems.update('si_nope', { quantity: 2 }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such subscription_item: 'si_nope'",
    });
    // Nothing of a refused call was written.
    assert.deepEqual((await stripe.subscriptionItems.list({ subscription: sub.id })).data.map((i) => i.price.id), [base.id]);
    assert.equal((await updatesOf(stripe, sub.id)).length, updates);
  });
});
