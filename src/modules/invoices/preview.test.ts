import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { expectRejected, rowCounts } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { scenario } from '../../../test/scenarios/support.ts';
import { prorate } from '../../billing/proration.ts';
import { isProration } from './line-text.ts';

const DAY = 86_400;

describeEachEngine('invoice previews', createTestApi, (get) => {
  const { post, tenDaysIn } = scenario(get);
  /** A preview that must leave every table as it was, even sent with an Idempotency-Key. */
  const preview = async (params: Record<string, unknown>) => {
    const api = get();
    const before = await rowCounts(api.storage.db);
    const res = await api.call('POST', '/v1/invoices/create_preview', { params, headers: { 'idempotency-key': `preview-${Math.random()}` } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(await rowCounts(api.storage.db), before);
    return res.body;
  };
  const amounts = (invoice: any) => invoice.lines.data.map((l: any) => [l.amount, isProration(l), l.description]);

  it('previews the renewal: the next period of the items and the pending items, writing nothing', async () => {
    const { cus, sub } = await tenDaysIn();
    await post('/v1/invoiceitems', { customer: cus.id, amount: 500, currency: 'usd', description: 'Setup' });
    const next = await preview({ subscription: sub.id });
    assert.match(next.id, /^upcoming_in_/);
    assert.deepEqual([next.object, next.status, next.billing_reason, next.customer, next.parent.subscription_details.subscription], ['invoice', 'draft', 'upcoming', cus.id, sub.id]);
    assert.deepEqual(amounts(next), [[500, false, 'Setup'], [1000, false, '1 × Basic (at $10.00 / month)']]);
    // The renewal bills February (28 days) and is charged when January ends.
    assert.deepEqual(next.lines.data[1].period, { start: sub.items.data[0].current_period_end, end: sub.items.data[0].current_period_end + 28 * DAY });
    assert.deepEqual([next.period_start, next.period_end, next.next_payment_attempt], [sub.items.data[0].current_period_start, sub.items.data[0].current_period_end, sub.items.data[0].current_period_end]);
    assert.deepEqual([next.subtotal, next.total, next.amount_due], [1500, 1500, 1500]);
    assert.equal((await get().call('GET', `/v1/invoices/${next.id}`)).status, 404);
  });

  it('previews a price swap at proration_date to the cent of what the update then bills', async () => {
    const api = get();
    const { premium, cus, sub, item } = await tenDaysIn();
    const at = api.clock.now();
    const details = { items: [{ id: item.id, price: premium.id }], proration_behavior: 'create_prorations', proration_date: at };
    const next = await preview({ customer: cus.id, subscription: sub.id, subscription_details: details });
    // 1000 × 21/31 = 677.42 → 677 back; 3000 × 21/31 = 2032.26 → 2032 due; then February at 3000.
    assert.deepEqual(next.lines.data.map((l: any) => [l.amount, isProration(l)]), [[-677, true], [2032, true], [3000, false]]);
    assert.equal(next.total, 4355);

    api.clock.advance(3600); // the update comes later; proration_date keeps the preview's amounts
    await post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, price: premium.id }], proration_date: at });
    const invoice = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    const prorations = next.lines.data.filter((l: any) => isProration(l));
    assert.deepEqual(invoice.lines.data.map((l: any) => [l.amount, l.description, l.period]), prorations.map((l: any) => [l.amount, l.description, l.period]));
    assert.equal(invoice.total, prorations.reduce((sum: number, l: any) => sum + l.amount, 0));
    const renewal = await preview({ subscription: sub.id });
    assert.deepEqual([renewal.total, renewal.lines.data.map((l: any) => l.amount)], [3000, [3000]]);
  });

  it('previews always_invoice as the invoice the update bills at once', async () => {
    const { cus, sub, item } = await tenDaysIn();
    const details = { items: [{ id: item.id, quantity: 3 }], proration_behavior: 'always_invoice' };
    const next = await preview({ subscription: sub.id, subscription_details: details });
    assert.deepEqual([next.billing_reason, next.total, next.next_payment_attempt], ['subscription_update', 1355, get().clock.now()]);
    const updated = await post(`/v1/subscriptions/${sub.id}`, { ...details, expand: ['latest_invoice'] });
    const billed = updated.latest_invoice;
    assert.deepEqual(amounts(billed), amounts(next));
    assert.deepEqual([billed.subtotal, billed.total, billed.amount_paid], [next.subtotal, next.total, next.total]);
    assert.equal((await get().call('GET', '/v1/invoiceitems', { params: { customer: cus.id, pending: 'true' } })).body.data.length, 0);
  });

  it('previews removing an item: its unused time credited and the next period without it, as the update then bills', async () => {
    const api = get();
    const { premium, cus, sub, item } = await tenDaysIn();
    const added = await post(`/v1/subscriptions/${sub.id}`, { items: [{ price: premium.id }], proration_behavior: 'none' });
    const at = api.clock.now();
    const details = { items: [{ id: item.id, deleted: 'true', clear_usage: 'true' }], proration_date: at };
    const next = await preview({ subscription: sub.id, subscription_details: details });
    // Basic's unused time back; the next period bills Premium alone.
    const credit = prorate(1000, { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end }, at);
    const unused = next.lines.data[0].description;
    assert.match(unused, /^Unused time on 1 × Basic after \d+ \w+ 2026$/);
    assert.deepEqual(amounts(next), [[-credit, true, unused], [3000, false, '1 × Premium (at $30.00 / month)']]);
    assert.equal(next.total, 3000 - credit);

    api.clock.advance(600);
    const updated = await post(`/v1/subscriptions/${sub.id}`, details);
    assert.deepEqual(updated.items.data.map((i: any) => i.id), [added.items.data[1].id]);
    assert.equal((await api.call('GET', `/v1/subscription_items/${item.id}`)).status, 404);
    const pending = (await api.call('GET', '/v1/invoiceitems', { params: { customer: cus.id, pending: 'true' } })).body.data;
    assert.deepEqual(pending.map((i: any) => [i.amount, i.description, i.parent.subscription_details.subscription_item]), [[-credit, unused, item.id]]);
    const renewal = await preview({ subscription: sub.id });
    assert.deepEqual([amounts(renewal), renewal.total], [amounts(next), next.total]);
  });

  it('applies given discounts without redeeming them, and default tax rates', async () => {
    const { sub } = await tenDaysIn();
    const coupon = await post('/v1/coupons', { percent_off: 50, duration: 'once' });
    const promo = await post('/v1/promotion_codes', { promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALF' });
    const tax = await post('/v1/tax_rates', { display_name: 'VAT', percentage: 10, inclusive: 'false' });
    const next = await preview({ subscription: sub.id, discounts: [{ promotion_code: promo.id }], subscription_details: { default_tax_rates: [tax.id] } });
    assert.deepEqual([next.subtotal, next.total_discount_amounts.map((d: any) => d.amount), next.total_taxes.map((t: any) => t.amount), next.total], [1000, [500], [50], 550]);
    assert.deepEqual(next.default_tax_rates.map((t: any) => t.id), [tax.id]);
    assert.equal((await get().call('GET', `/v1/promotion_codes/${promo.id}`)).body.times_redeemed, 0);
    assert.equal((await get().call('GET', `/v1/coupons/${coupon.id}`)).body.times_redeemed, 0);
    const ending = await preview({ subscription: sub.id, discounts: '' });
    assert.equal(ending.total, 1000);
  });

  it('refuses what it cannot preview, naming the parameter', async () => {
    const api = get();
    const { sub, item } = await tenDaysIn();
    const other = await post('/v1/customers', {});
    const refused = [
      [{}, 'customer', 'parameter_missing', 'Missing required param: customer or subscription.'],
      [{ customer: other.id }, 'customer', 'invoice_upcoming_none', 'No upcoming invoice: there is nothing to invoice.'],
      [{ subscription: sub.id, customer: other.id }, 'customer', undefined, `Subscription ${sub.id} does not belong to customer ${other.id}.`],
      [{ subscription: sub.id, subscription_details: { cancel_at_period_end: 'true' } }, 'subscription', 'invoice_upcoming_none', 'No upcoming invoice: there is nothing to invoice.'],
      [{ subscription: sub.id, subscription_details: { items: [{ id: item.id, deleted: 'true' }] } }, 'items', undefined, `A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions/${sub.id}.`],
      [{ subscription: sub.id, automatic_tax: { enabled: 'true' } }, 'automatic_tax[enabled]', undefined, 'automatic_tax is not supported: Bursar bills tax rates only.'],
    ] as const;
    for (const [params, param, code, message] of refused) {
      await expectRejected(api, 'POST', '/v1/invoices/create_preview', { params }, { status: 400, type: 'invalid_request_error', param, message, ...(code && { code }) });
    }
    await expectRejected(api, 'POST', '/v1/invoices/create_preview', { params: { subscription: 'sub_nope' } }, {
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'subscription', message: "No such subscription: 'sub_nope'",
    });
  });
});
