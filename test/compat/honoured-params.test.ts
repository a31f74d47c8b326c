import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('parameters Bursar honours, through the stripe SDK', startSdkServer, (sdk) => {
  it('creates a customer with its tax IDs (tax_id_data), or neither when one is invalid', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({
      email: 'gmbh@example.com',
      tax_id_data: [{ type: 'eu_vat', value: 'DE 123456789' }, { type: 'gb_vat', value: 'GB123456789' }],
      expand: ['tax_ids'],
    });
    assert.deepEqual(customer.tax_ids?.data.map((t) => [t.type, t.value, t.country]).sort(), [['eu_vat', 'DE123456789', 'DE'], ['gb_vat', 'GB123456789', 'GB']]);
    const created = (await stripe.events.list({ type: 'customer.tax_id.created' })).data.map((e) => (e.data.object as Stripe.TaxId).value);
    assert.deepEqual(created.sort(), ['DE123456789', 'GB123456789']);

    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    await assertSdkError(stripe.customers.create({ email: 'x@example.com', tax_id_data: [{ type: 'eu_vat', value: 'DE123456789' }, { type: 'us_ein', value: 'nope' }] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'tax_id_invalid', param: 'tax_id_data[1][value]',
      message: "Invalid tax_id_data[1][value] for us_ein: 'nope' is not a valid US EIN number.",
    });
    assert.equal((await stripe.customers.list({ limit: 100 })).data.length, before);
  });

  it('creates an invoice in the currency given, taking the pending items of that currency', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'eur@example.com' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd' });
    const eur = await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'eur' });
    const invoice = await stripe.invoices.create({ customer: customer.id, currency: 'eur', pending_invoice_items_behavior: 'include' });
    assert.deepEqual([invoice.currency, invoice.total, invoice.lines.data.map((l) => l.parent?.invoice_item_details?.invoice_item)], ['eur', 700, [eur.id]]);
    const empty = await stripe.invoices.create({ customer: customer.id, currency: 'gbp' });
    assert.deepEqual([empty.currency, empty.total], ['gbp', 0]);
    await assertSdkError(stripe.invoices.create({ customer: customer.id, currency: 'euro' }), { type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'currency', message: /currency/ });
  });

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

  it("takes a price's recurring[trial_period_days] as the trial of a subscription created with trial_from_plan", async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'trial@example.com' });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 900, recurring: { interval: 'month', trial_period_days: 14 }, product_data: { name: 'Trial' } });
    assert.equal(price.recurring?.trial_period_days, 14);
    assert.equal((await stripe.plans.retrieve(price.id)).trial_period_days, 14);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_from_plan: true });
    assert.deepEqual([sub.status, sub.trial_end! - sub.trial_start!], ['trialing', 14 * 86_400]);
    await assertSdkError(stripe.prices.create({ currency: 'usd', unit_amount: 900, recurring: { interval: 'month', trial_period_days: 731 }, product: price.product as string }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'recurring[trial_period_days]', message: 'Invalid recurring[trial_period_days]: must be less than or equal to 730',
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
