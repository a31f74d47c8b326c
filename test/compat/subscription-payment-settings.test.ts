import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';
import { openPortal, textOf } from '../support/portal.ts';

describeEachEngine('subscription payment_settings and description through the stripe SDK', startSdkServer, (sdk) => {
  async function fixture(email: string) {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Team' } });
    return { customer, price };
  }

  it('with save_default_payment_method=on_subscription, the card that pays the first invoice becomes the default', async () => {
    const { stripe } = sdk();
    const { customer, price } = await fixture('save@example.com');
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { payment_method_types: ['card'], save_default_payment_method: 'on_subscription', payment_method_options: { card: { request_three_d_secure: 'automatic' } } },
    });
    assert.deepEqual([sub.status, sub.default_payment_method], ['incomplete', null]);
    assert.deepEqual([sub.payment_settings?.payment_method_types, sub.payment_settings?.save_default_payment_method], [['card'], 'on_subscription']);
    assert.deepEqual(sub.payment_settings?.payment_method_options?.card, { network: null, request_three_d_secure: 'automatic' });

    const card = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    await stripe.invoices.pay(sub.latest_invoice as string, { payment_method: card.id });
    const paid = await stripe.subscriptions.retrieve(sub.id);
    assert.deepEqual([paid.status, paid.default_payment_method], ['active', card.id]);
    const [updated] = (await stripe.events.list({ type: 'customer.subscription.updated' })).data;
    const previous = updated.data.previous_attributes as { status?: string; default_payment_method?: string | null };
    assert.deepEqual([previous.status, previous.default_payment_method], ['incomplete', null], 'one event says both changes');

    // Without it (`off`, the default), paying with a card leaves the subscription's default alone.
    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete' });
    assert.deepEqual(other.payment_settings, { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' });
    await stripe.invoices.pay(other.latest_invoice as string, { payment_method: card.id });
    assert.deepEqual([(await stripe.subscriptions.retrieve(other.id)).default_payment_method], [null]);

    // Turned on later, and cleared piece by piece.
    const changed = await stripe.subscriptions.update(other.id, { payment_settings: { save_default_payment_method: 'on_subscription', payment_method_types: '' } });
    assert.deepEqual([changed.payment_settings?.save_default_payment_method, changed.payment_settings?.payment_method_types], ['on_subscription', null]);
  });

  it('refuses payment methods and options Bursar does not collect, naming the parameter', async () => {
    const { stripe } = sdk();
    const { customer, price } = await fixture('refused@example.com');
    const create = (payment_settings: object) =>
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', payment_settings });
    await assertSdkError(create({ payment_method_types: ['card', 'sepa_debit'] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'payment_settings[payment_method_types][1]',
      message: "Bursar collects cards only. The payment method type 'sepa_debit' is not supported: use card, or leave payment_method_types unset.",
    });
    await assertSdkError(create({ payment_method_options: { card: { network: 'visa' } } }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'payment_settings[payment_method_options][card][network]',
      message: 'payment_settings[payment_method_options][card][network] is not supported: the card network is chosen by the card.',
    });
    await assertSdkError(create({ payment_method_options: { card: { request_three_d_secure: 'challenge' } } }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'payment_settings[payment_method_options][card][request_three_d_secure]',
      message: 'Invalid payment_settings[payment_method_options][card][request_three_d_secure]: must be one of automatic',
    });
    await assertSdkError(create({ payment_method_options: { us_bank_account: { verification_method: 'instant' } } }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'payment_settings[payment_method_options][us_bank_account]',
      message: 'payment_settings[payment_method_options][us_bank_account] is not supported: Bursar collects cards only.',
    });
    assert.equal((await stripe.subscriptions.list({ customer: customer.id })).data.length, 0, 'nothing was created');
  });

  it('stores a description on create and update, clears it with "", and shows it in the portal', async () => {
    const { stripe, api } = sdk();
    const { customer, price } = await fixture('described@example.com');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14, description: 'Team plan for the Lisbon office' });
    assert.equal(sub.description, 'Team plan for the Lisbon office');
    const { visitor } = await openPortal(api, { customer: customer.id });
    assert.match(textOf((await visitor.get('/p')).html), /Team plan for the Lisbon office/);

    const renamed = await stripe.subscriptions.update(sub.id, { description: 'Team plan, Porto' });
    assert.equal((await stripe.subscriptions.retrieve(renamed.id)).description, 'Team plan, Porto');
    const [event] = (await stripe.events.list({ type: 'customer.subscription.updated' })).data;
    assert.deepEqual(event.data.previous_attributes, { description: 'Team plan for the Lisbon office' });
    assert.equal((await stripe.subscriptions.update(sub.id, { description: '' })).description, null);
    await assertSdkError(stripe.subscriptions.update(sub.id, { description: 'x'.repeat(501) }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'description',
      message: 'Invalid description: must be at most 500 characters',
    });
  });

  it('takes cancel_at on create and default_tax_rates on update, which the next invoice applies', async () => {
    const { stripe, api } = sdk();
    const { customer, price } = await fixture('ends@example.com');
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const ends = api.clock.now() + 10 * 86_400;
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, cancel_at: ends });
    assert.deepEqual([sub.cancel_at, sub.cancel_at_period_end], [ends, false]);
    await assertSdkError(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at: api.clock.now() - 1 }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'cancel_at', message: 'Invalid timestamp: must be an integer Unix timestamp in the future.',
    });

    const vat = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const taxed = await stripe.subscriptions.update(sub.id, { default_tax_rates: [vat.id], cancel_at: '' });
    assert.deepEqual(taxed.default_tax_rates?.map((t) => t.id), [vat.id]);
    const next = await stripe.invoices.createPreview({ subscription: sub.id });
    assert.equal(next.total, 1800, '$15.00 and 20% VAT');
    assert.deepEqual((await stripe.subscriptions.update(sub.id, { default_tax_rates: '' })).default_tax_rates, []);
    await assertSdkError(stripe.subscriptions.update(sub.id, { default_tax_rates: ['txr_nope'] }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'default_tax_rates[0]', message: "No such tax rate: 'txr_nope'",
    });
  });
});
