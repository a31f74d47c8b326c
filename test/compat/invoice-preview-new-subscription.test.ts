import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

const DAY = 86_400;

describeEachEngine('previews of a new subscription through the stripe SDK', startSdkServer, (sdk) => {
  async function fixture(email: string) {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const seat = await stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Seat' } });
    const vat = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    return { customer, pm, seat, vat, coupon };
  }

  it('previews the first invoice of a checkout (discount, tax rates) and the subscription then bills exactly that, writing nothing before', async () => {
    const { stripe } = sdk();
    const { customer, pm, seat, vat, coupon } = await fixture('checkout@example.com');
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: seat.id, quantity: 2 }], default_tax_rates: [vat.id] },
      discounts: [{ coupon: coupon.id }],
    });
    assert.deepEqual([preview.billing_reason, preview.customer, preview.parent, preview.status], ['subscription_create', customer.id, null, 'draft']);
    assert.deepEqual(preview.lines.data.map((l) => [l.amount, l.description]), [[2000, '2 × Seat (at $10.00 / month)']]);
    // $20.00 less 10% is $18.00; 20% VAT on it is $3.60.
    assert.deepEqual([preview.subtotal, preview.total, preview.amount_due], [2000, 2160, 2160]);
    assert.equal((await stripe.invoices.list({ customer: customer.id })).data.length, 0, 'a preview writes no invoice');
    assert.equal((await stripe.subscriptions.list({ customer: customer.id })).data.length, 0, 'nor a subscription');

    const sub = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: seat.id, quantity: 2 }], default_tax_rates: [vat.id], discounts: [{ coupon: coupon.id }],
      default_payment_method: pm.id, expand: ['latest_invoice'],
    });
    const billed = sub.latest_invoice as { lines: { data: { amount: number; period: { start: number; end: number } }[] }; total: number };
    assert.deepEqual(billed.lines.data.map((l) => [l.amount, l.period]), preview.lines.data.map((l) => [l.amount, l.period]));
    assert.equal(billed.total, preview.total);
  });

  it('previews a trial, a billing cycle anchor (prorated, or free with proration_behavior=none) and a later start date', async () => {
    const { stripe, api } = sdk();
    const { customer, seat } = await fixture('upgrade@example.com');
    const now = api.clock.now();
    const trial = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: seat.id }], trial_end: now + 14 * DAY } });
    assert.deepEqual(trial.lines.data.map((l) => [l.amount, l.description, l.period]), [[0, 'Trial period for Seat', { start: now, end: now + 14 * DAY }]]);
    assert.equal(trial.total, 0);

    const anchor = now + 10 * DAY;
    const anchored = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: seat.id }], billing_cycle_anchor: { type: 'timestamp', timestamp: anchor } },
    });
    const [line] = anchored.lines.data;
    assert.deepEqual(line.period, { start: now, end: anchor });
    assert.ok(line.amount > 0 && line.amount < 1000, `ten days of a month, prorated: ${line.amount}`);
    const free = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: seat.id }], billing_cycle_anchor: { type: 'timestamp', timestamp: anchor }, proration_behavior: 'none' },
    });
    assert.deepEqual(free.lines.data.map((l) => l.amount), [0]);
    // The subscription created the same way bills what the preview showed.
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }], billing_cycle_anchor: anchor, default_payment_method: pm.id, expand: ['latest_invoice'] });
    assert.deepEqual((sub.latest_invoice as { lines: { data: { amount: number }[] } }).lines.data.map((l) => l.amount), [line.amount]);

    const later = now + 30 * DAY;
    const starting = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: seat.id }], start_date: later } });
    assert.deepEqual([starting.created, starting.lines.data[0].period.start, starting.lines.data[0].amount], [later, later, 1000]);
  });

  it('previews for someone who is not a customer yet, from customer_details', async () => {
    const { stripe } = sdk();
    const { seat, vat } = await fixture('unused@example.com');
    const preview = await stripe.invoices.createPreview({
      customer_details: { address: { country: 'DE', postal_code: '10115' }, tax_ids: [{ type: 'eu_vat', value: 'de 123456789' }] },
      subscription_details: { items: [{ price: seat.id, tax_rates: [vat.id] }] },
    });
    assert.deepEqual([preview.customer, preview.customer_address?.country, preview.customer_tax_ids], [null, 'DE', [{ type: 'eu_vat', value: 'DE123456789' }]]);
    assert.equal(preview.total, 1200);
  });

  it('names what is wrong, under subscription_details', async () => {
    const { stripe } = sdk();
    const { customer, seat, pm } = await fixture('wrong@example.com');
    await assertSdkError(stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: 'price_nope' }] } }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'subscription_details[items][0][price]', message: "No such price: 'price_nope'",
    });
    await assertSdkError(stripe.invoices.createPreview({ subscription_details: { items: [{ price: seat.id }] } }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_missing', param: 'customer', message: 'Missing required param: customer (or customer_details).',
    });
    await assertSdkError(stripe.invoices.createPreview({ customer: customer.id, customer_details: { tax: { ip_address: '192.0.2.1' } }, subscription_details: { items: [{ price: seat.id }] } }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'customer_details[tax]',
      message: 'customer_details[tax] is not supported: it serves automatic tax, and Bursar bills tax rates only.',
    });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }], default_payment_method: pm.id });
    await assertSdkError(stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { trial_end: sdk().api.clock.now() + DAY } }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'subscription_details[trial_end]',
      message: 'subscription_details[trial_end] is not supported for an existing subscription: it previews a new one (pass customer and subscription_details[items]).',
    });
  });
});
