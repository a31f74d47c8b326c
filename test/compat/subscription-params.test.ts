import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('subscription parameters through the stripe SDK', startSdkServer, (sdk) => {
  it('changes default_tax_rates on update: the next invoice is taxed, "" removes them', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'tax@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
    const rate = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 10, inclusive: false });

    const taxed = await stripe.subscriptions.update(sub.id, { default_tax_rates: [rate.id] });
    assert.deepEqual(taxed.default_tax_rates?.map((r) => r.id), [rate.id]);
    const [event] = (await stripe.events.list({ type: 'customer.subscription.updated' })).data;
    assert.deepEqual((event!.data.previous_attributes as Partial<Stripe.Subscription>).default_tax_rates, []);
    const next = await stripe.invoices.createPreview({ subscription: sub.id });
    assert.deepEqual([next.subtotal, next.total], [1000, 1100]);

    const untaxed = await stripe.subscriptions.update(sub.id, { default_tax_rates: '' });
    assert.deepEqual(untaxed.default_tax_rates, []);
    assert.equal((await stripe.invoices.createPreview({ subscription: sub.id })).total, 1000);
    await assertSdkError(stripe.subscriptions.update(sub.id, { default_tax_rates: ['txr_nope'] }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'default_tax_rates[0]', message: "No such tax rate: 'txr_nope'",
    });
  });

  it('charges the first invoice on or off session as off_session says', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'sca@example.com' });
    // A card that asks for authentication on session only.
    const sca = await stripe.paymentMethods.attach('pm_card_authenticationRequiredSetupForOffSession', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const start = async (offSession: boolean) => {
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: sca.id, off_session: offSession, expand: ['latest_invoice.payments'] });
      const intent = await stripe.paymentIntents.retrieve((sub.latest_invoice as Stripe.Invoice).payments!.data[0]!.payment.payment_intent as string);
      return [sub.status, intent.status, intent.last_payment_error?.code ?? null];
    };
    // The customer is there: the charge asks them to authenticate.
    assert.deepEqual(await start(false), ['incomplete', 'requires_action', null]);
    // Away: the card's bank lets the charge through without asking.
    assert.deepEqual(await start(true), ['active', 'succeeded', null]);
  });
});
