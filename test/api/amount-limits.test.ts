import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type CallOptions, type TestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';

/** Stripe's largest amount: eight digits of minor units, $999,999.99. */
const MAX = 99_999_999;
const DAY = 86_400;

const tooBig = (param: string, max = MAX) => ({
  status: 400,
  type: 'invalid_request_error',
  code: 'parameter_invalid',
  param,
  message: `Invalid ${param}: must be less than or equal to ${max}`,
});

async function post(api: TestApi, path: string, options: CallOptions): Promise<any> {
  const res = await api.call('POST', path, options);
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

describeEachEngine('amount limits', createTestApi, (get) => {
  it('refuses every amount and quantity just past Stripe\'s bounds, naming the parameter', async () => {
    const api = get();
    const customer = await post(api, '/v1/customers', { params: { email: 'max@example.com' } });
    const product = await post(api, '/v1/products', { params: { name: 'Max' } });
    const price = (params: Record<string, unknown>) => ({ params: { product: product.id, currency: 'usd', ...params } });
    await expectRejected(api, 'POST', '/v1/prices', price({ unit_amount: MAX + 1 }), tooBig('unit_amount'));
    await expectRejected(api, 'POST', '/v1/prices', price({ unit_amount_decimal: '99999999.9999999999999' }), {
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'unit_amount_decimal',
      message: 'Invalid decimal: 99999999.9999999999999. It must be at least 0 and at most 99999999.999999999999, with at most 12 decimal places.',
    });
    await expectRejected(api, 'POST', '/v1/prices', price({ unit_amount_decimal: '100000000' }), {
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'unit_amount_decimal',
      message: 'Invalid decimal: 100000000. It must be at least 0 and at most 99999999.999999999999, with at most 12 decimal places.',
    });
    await expectRejected(api, 'POST', '/v1/products', { params: { name: 'P', default_price_data: { currency: 'usd', unit_amount: MAX + 1 } } }, tooBig('default_price_data[unit_amount]'));
    const item = (params: Record<string, unknown>) => ({ params: { customer: customer.id, currency: 'usd', ...params } });
    await expectRejected(api, 'POST', '/v1/invoiceitems', item({ amount: MAX + 1 }), tooBig('amount'));
    await expectRejected(api, 'POST', '/v1/invoiceitems', item({ amount: -MAX - 1 }), { ...tooBig('amount'), message: `Invalid amount: must be greater than or equal to ${-MAX}` });
    await expectRejected(api, 'POST', '/v1/invoiceitems', item({ amount: 2 ** 53 - 1 }), tooBig('amount'));
    await expectRejected(api, 'POST', '/v1/coupons', { params: { amount_off: MAX + 1, currency: 'usd', duration: 'once' } }, tooBig('amount_off'));
    await expectRejected(api, 'POST', '/v1/customers', { params: { balance: MAX + 1 } }, tooBig('balance'));

    // A quantity whose product with the unit amount passes the maximum, as Stripe words it.
    const perSeat = await post(api, '/v1/prices', price({ unit_amount: 1000, recurring: { interval: 'month' } }));
    const oneTime = await post(api, '/v1/prices', price({ unit_amount: 1000 }));
    const card = await post(api, '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } });
    const overTotal = (param: string) => ({
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param,
      message: `Invalid ${param}: total amount (quantity * unit amount) must be no more than $999,999.99 USD`,
    });
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: customer.id, default_payment_method: card.id, items: [{ price: perSeat.id, quantity: 100_000 }] } }, overTotal('items[0][quantity]'));
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: customer.id, items: [{ price: perSeat.id, quantity: MAX + 1 }] } }, tooBig('items[0][quantity]'));
    await expectRejected(api, 'POST', '/v1/invoiceitems', item({ price: oneTime.id, quantity: 100_000, currency: undefined }), overTotal('quantity'));
    const sub = await post(api, '/v1/subscriptions', { params: { customer: customer.id, default_payment_method: card.id, items: [{ price: perSeat.id, quantity: 99_999 }] } });
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ id: sub.items.data[0].id, quantity: 100_000 }] } }, overTotal('items[0][quantity]'));
  });

  it('refuses to finalize an invoice whose amount due passes the maximum, and writes nothing', async () => {
    const api = get();
    const customer = await post(api, '/v1/customers', { params: { email: 'two@example.com' } });
    const card = await post(api, '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } });
    for (let i = 0; i < 2; i++) await post(api, '/v1/invoiceitems', { params: { customer: customer.id, currency: 'usd', amount: MAX } });
    const invoice = await post(api, '/v1/invoices', { params: { customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: card.id } });
    assert.equal(invoice.amount_due, 2 * MAX);
    const refused = {
      status: 400, type: 'invalid_request_error',
      message: 'The amount due, $1,999,999.98, is more than the largest amount that can be charged, $999,999.99 USD.',
    };
    await expectRejected(api, 'POST', `/v1/invoices/${invoice.id}/finalize`, {}, refused);
    // One item less, and the largest amount is charged.
    await api.call('DELETE', `/v1/invoiceitems/${invoice.lines.data[1].parent.invoice_item_details.invoice_item}`);
    await post(api, `/v1/invoices/${invoice.id}/finalize`, {});
    const paid = await post(api, `/v1/invoices/${invoice.id}/pay`, {});
    assert.deepEqual([paid.status, paid.amount_paid], ['paid', MAX]);
  });

  it('bills the largest amounts exactly through tax, discounts and proration', async () => {
    const api = get();
    const start = 1_767_225_600;
    api.clock.set(start);
    const customer = await post(api, '/v1/customers', { params: { email: 'exact@example.com' } });
    const card = await post(api, '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } });
    const product = await post(api, '/v1/products', { params: { name: 'Top' } });
    const monthly = (unit_amount: number) => post(api, '/v1/prices', { params: { product: product.id, currency: 'usd', unit_amount, recurring: { interval: 'month' } } });
    const [top, half] = [await monthly(MAX), await monthly(50_000_000)];
    const inclusive = await post(api, '/v1/tax_rates', { params: { display_name: 'VAT', percentage: '19.6', inclusive: 'true' } });
    const exclusive = await post(api, '/v1/tax_rates', { params: { display_name: 'Sales', percentage: '8.875', inclusive: 'false' } });
    const coupon = await post(api, '/v1/coupons', { params: { amount_off: MAX, currency: 'usd', duration: 'forever' } });

    // Inclusive tax: contained in the largest amount, which is charged as it is.
    const sub = await post(api, '/v1/subscriptions', {
      params: { customer: customer.id, default_payment_method: card.id, items: [{ price: top.id, tax_rates: [inclusive.id] }], expand: ['latest_invoice'] },
    });
    const first = sub.latest_invoice;
    const vat = 16_387_960; // 99,999,999 × 19.6 / 119.6 = 16,387,959.70…
    assert.deepEqual([first.status, first.total, first.amount_due, first.total_taxes[0].amount], ['paid', MAX, MAX, vat]);
    assert.equal(first.total_excluding_tax, MAX - vat);

    // Exclusive tax on top of the largest amount: computed exactly (a preview charges nothing).
    const preview = await post(api, '/v1/invoices/create_preview', {
      params: { subscription: sub.id, subscription_details: { items: [{ id: sub.items.data[0].id, tax_rates: [exclusive.id] }], proration_behavior: 'none' } },
    });
    assert.deepEqual([preview.subtotal, preview.total_taxes[0].amount, preview.total], [MAX, 8_875_000, MAX + 8_875_000]); // 99,999,999 × 8.875 % = 8,874,999.91…

    // Proration halfway through the period, from the largest price to a smaller one.
    api.clock.set(start + 15 * DAY);
    const moved = await post(api, '/v1/invoices/create_preview', {
      params: { subscription: sub.id, subscription_details: { items: [{ id: sub.items.data[0].id, price: half.id }], proration_date: start + 15 * DAY } },
    });
    const prorations = moved.lines.data.filter((l: any) => l.parent?.subscription_item_details?.proration);
    const periodSeconds = sub.items.data[0].current_period_end - start;
    const left = sub.items.data[0].current_period_end - (start + 15 * DAY);
    const share = (amount: number) => Number((BigInt(amount) * BigInt(left) * 2n + BigInt(periodSeconds)) / (BigInt(periodSeconds) * 2n));
    assert.deepEqual(prorations.map((l: any) => l.amount), [-share(MAX), share(50_000_000)]);

    // A discount of the largest amount takes the largest amount off, to zero.
    const discounted = await post(api, '/v1/invoices/create_preview', { params: { subscription: sub.id, discounts: [{ coupon: coupon.id }] } });
    assert.deepEqual([discounted.subtotal, discounted.total_discount_amounts[0].amount, discounted.amount_due], [MAX, MAX, 0]);
  });

  it('refuses a subscription whose items together bill more a period than can be charged, on creation (a trial included) and on update', async () => {
    const api = get();
    const customer = await post(api, '/v1/customers', { params: { email: 'sum@example.com' } });
    const product = await post(api, '/v1/products', { params: { name: 'Seats' } });
    const monthly = (unit_amount: number) => post(api, '/v1/prices', { params: { product: product.id, currency: 'usd', unit_amount, recurring: { interval: 'month' } } });
    const [a, b, c] = [await monthly(60_000_000), await monthly(40_000_000), await monthly(30_000_000)];
    const refused = (amount: string) => ({
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid', param: 'items',
      message: `Invalid items: together the items bill ${amount} a period, more than the largest amount that can be charged, $999,999.99 USD.`,
    });
    // Each item alone is within bounds; a trial would otherwise put off the refusal to every renewal.
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: customer.id, trial_period_days: 14, items: [{ price: a.id }, { price: b.id }] } }, refused('$1,000,000.00'));
    assert.equal((await api.call('GET', '/v1/subscriptions', { params: { customer: customer.id } })).body.data.length, 0, 'nothing created');
    const sub = await post(api, '/v1/subscriptions', { params: { customer: customer.id, trial_period_days: 14, items: [{ price: a.id }, { price: c.id }] } });
    const [itemA, itemC] = sub.items.data;
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ price: b.id }] } }, refused('$1,300,000.00'));
    await expectRejected(api, 'POST', `/v1/subscriptions/${sub.id}`, { params: { items: [{ id: itemC.id, quantity: 2 }] } }, refused('$1,200,000.00'));
    // Removing one item to add another keeps within bounds.
    const swapped = await post(api, `/v1/subscriptions/${sub.id}`, { params: { items: [{ id: itemA.id, deleted: true }, { price: b.id }] } });
    assert.deepEqual(swapped.items.data.map((i: any) => i.price.id).sort(), [b.id, c.id].sort());
  });
});
