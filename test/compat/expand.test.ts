import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('expand[] through the stripe SDK', startSdkServer, (sdk) => {
  it('expands the default payment method of a customer, and leaves it an id otherwise', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ name: 'Expander' });
    const pm = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const updated = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
      expand: ['invoice_settings.default_payment_method'],
    });
    const method = updated.invoice_settings.default_payment_method;
    assert.ok(method && typeof method === 'object');
    assert.equal(method.id, pm.id);
    assert.equal(method.card?.brand, 'mastercard');

    const plain = await stripe.customers.retrieve(customer.id);
    assert.ok(!plain.deleted);
    assert.equal(plain.invoice_settings.default_payment_method, pm.id);
  });

  it('expands data.customer on every item of a list, nested up to the default card', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'nested@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });

    const list = await stripe.paymentMethods.list({ customer: customer.id, expand: ['data.customer'] });
    assert.equal(list.data.length, 2);
    for (const item of list.data) {
      assert.ok(item.customer && typeof item.customer === 'object');
      assert.equal(item.customer.id, customer.id);
      assert.equal((item.customer as { email: string }).email, 'nested@example.com');
    }

    const deep = await stripe.paymentMethods.retrieve(pm.id, {
      expand: ['customer.invoice_settings.default_payment_method'],
    });
    const owner = deep.customer;
    assert.ok(owner && typeof owner === 'object' && !owner.deleted);
    const card = owner.invoice_settings.default_payment_method;
    assert.ok(card && typeof card === 'object');
    assert.equal(card.id, pm.id);
  });

  it('refuses a path that cannot be expanded, on a list whether or not it has items', async () => {
    const { stripe } = sdk();
    await stripe.customers.create({ email: 'listed@example.com' });
    for (const email of ['listed@example.com', 'nobody@example.com']) {
      await assertSdkError(stripe.customers.list({ email, expand: ['data.invoice_settings.footer'] }), {
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        param: 'expand',
        message: 'This property cannot be expanded (data.invoice_settings.footer).',
      });
    }
  });
});
