import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('invoice previews through the stripe SDK', startSdkServer, (sdk) => {
  it('previews an upgrade with createPreview and bills exactly that with the update', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const seat = await stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Seat' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }], default_payment_method: pm.id });
    const item = sub.items.data[0];
    // The clock stays at the start: only proration_date puts the change ten days in.
    const prorationDate = item.current_period_start + 10 * 86_400;

    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, quantity: 3 }], proration_behavior: 'always_invoice', proration_date: prorationDate },
    });
    assert.deepEqual([preview.object, preview.status, preview.id?.startsWith('upcoming_in_')], ['invoice', 'draft', true]);
    // Ten days into a 31-day period: −677 for one seat's unused time, +2032 for three seats.
    assert.deepEqual(preview.lines.data.map((l) => l.amount), [-677, 2032]);

    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, quantity: 3 }],
      proration_behavior: 'always_invoice',
      proration_date: prorationDate,
      expand: ['latest_invoice'],
    });
    const billed = updated.latest_invoice as { lines: { data: { amount: number }[] }; total: number; amount_due: number };
    assert.deepEqual(billed.lines.data.map((l) => l.amount), preview.lines.data.map((l) => l.amount));
    assert.deepEqual([billed.total, billed.amount_due], [preview.total, preview.amount_due]);

    const renewal = await stripe.invoices.createPreview({ subscription: sub.id });
    assert.deepEqual([renewal.total, renewal.period_end, renewal.next_payment_attempt], [3000, item.current_period_end, item.current_period_end]);
    await assertSdkError(stripe.invoices.createPreview({ subscription: 'sub_nope' }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'subscription', message: "No such subscription: 'sub_nope'",
    });
  });
});
