import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('payment methods through the stripe SDK', startSdkServer, (sdk) => {
  it('creates a card from a test number, attaches it, updates it and detaches it', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'cards@example.com' });
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '5555 5555 5555 4444', exp_month: 8, exp_year: 2031, cvc: '123' },
      billing_details: { name: 'Jenny Rosen' },
    });
    assert.match(pm.id, /^pm_/);
    assert.equal(pm.object, 'payment_method');
    assert.equal(pm.type, 'card');
    assert.equal(pm.customer, null);
    assert.equal(pm.card?.brand, 'mastercard');
    assert.equal(pm.card?.last4, '4444');
    assert.equal(pm.card?.exp_month, 8);
    assert.equal(pm.card?.exp_year, 2031);
    assert.equal(pm.billing_details.name, 'Jenny Rosen');

    const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    assert.equal(attached.id, pm.id);
    assert.equal(attached.customer, customer.id);

    const retrieved = await stripe.paymentMethods.retrieve(pm.id);
    assert.equal(retrieved.customer, customer.id);
    assert.equal(retrieved.card?.last4, '4444');

    const updated = await stripe.paymentMethods.update(pm.id, {
      billing_details: { email: 'jenny@example.com' },
      card: { exp_month: 9 },
      metadata: { source: 'settings page' },
    });
    assert.equal(updated.billing_details.name, 'Jenny Rosen');
    assert.equal(updated.billing_details.email, 'jenny@example.com');
    assert.equal(updated.card?.exp_month, 9);
    assert.deepEqual(updated.metadata, { source: 'settings page' });

    const detached = await stripe.paymentMethods.detach(pm.id);
    assert.equal(detached.customer, null);
    assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, null);
  });

  it("attaches pm_card_visa as the customer's own card and lists a customer's cards", async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Lister' });
    const other = await stripe.customers.create({ name: 'Someone else' });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    assert.match(visa.id, /^pm_/);
    assert.notEqual(visa.id, 'pm_card_visa');
    assert.equal(visa.customer, customer.id);
    assert.equal(visa.card?.brand, 'visa');
    assert.equal(visa.card?.last4, '4242');
    const amex = await stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });
    await stripe.paymentMethods.attach('pm_card_mastercard', { customer: other.id });

    const listed = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    assert.deepEqual(listed.data.map((p) => p.id), [amex.id, visa.id]);

    const ofCustomer = await stripe.customers.listPaymentMethods(customer.id, { limit: 1 });
    assert.equal(ofCustomer.url, `/v1/customers/${customer.id}/payment_methods`);
    assert.deepEqual(ofCustomer.data.map((p) => p.id), [amex.id]);
    assert.equal(ofCustomer.has_more, true);
    const all = await stripe.customers.listPaymentMethods(customer.id).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((p) => p.id), [amex.id, visa.id]);

    const one = await stripe.customers.retrievePaymentMethod(customer.id, visa.id);
    assert.equal(one.id, visa.id);
    assert.equal(one.card?.last4, '4242');
  });

  it('refuses a declining card on attach with a card error', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Declined' });
    const err = await assertSdkError(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }), {
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    assert.equal(err.rawType, 'card_error');
    const funds = await assertSdkError(
      stripe.paymentMethods.attach('pm_card_chargeDeclinedInsufficientFunds', { customer: customer.id }),
      {
        type: 'StripeCardError',
        statusCode: 402,
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    );
    assert.equal(funds.rawType, 'card_error');
    const cards = await stripe.customers.listPaymentMethods(customer.id);
    assert.deepEqual(cards.data, [], 'a declined card is not saved');
  });

  it('sets the default payment method and expands it', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Default' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const updated = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
    });
    assert.equal(updated.invoice_settings.default_payment_method, pm.id);

    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    assert.ok(!expanded.deleted);
    const method = expanded.invoice_settings.default_payment_method;
    assert.ok(method && typeof method === 'object', 'expanded to an object');
    assert.equal(method.id, pm.id);
    assert.equal(method.object, 'payment_method');
    assert.equal(method.card?.last4, '4242');

    await stripe.paymentMethods.detach(pm.id);
    const after = await stripe.customers.retrieve(customer.id);
    assert.ok(!after.deleted);
    assert.equal(after.invoice_settings.default_payment_method, null, 'detaching the default card clears it');
  });

  it('creates a customer with a payment method and a default in one call', async () => {
    const { stripe } = sdk();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2035 } });
    const customer = await stripe.customers.create({
      payment_method: pm.id,
      invoice_settings: { default_payment_method: pm.id },
      expand: ['invoice_settings.default_payment_method'],
    });
    const method = customer.invoice_settings.default_payment_method;
    assert.ok(method && typeof method === 'object');
    assert.equal(method.id, pm.id);
    assert.equal(method.customer, customer.id);
  });
});
