import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('invoice totals', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  it('applies a coupon, exclusive and inclusive tax rates and the customer credit, as worked out by hand', async () => {
    const api = get();
    const cus = await post('/v1/customers', { balance: -400 });
    const sales = await post('/v1/tax_rates', { display_name: 'Sales', percentage: '10', inclusive: 'false' });
    const vat = await post('/v1/tax_rates', { display_name: 'VAT', percentage: '20', inclusive: 'true' });
    const coupon = await post('/v1/coupons', { percent_off: 10 });
    const a = await post('/v1/invoiceitems', { customer: cus.id, amount: 10_000, currency: 'usd', tax_rates: [sales.id] });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 5_000, currency: 'usd' });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 2_000, currency: 'usd', discountable: 'false' });
    const draft = await post('/v1/invoices', {
      customer: cus.id,
      pending_invoice_items_behavior: 'include',
      default_tax_rates: [vat.id],
      discounts: [{ coupon: coupon.id }],
    });
    const di = draft.discounts[0];
    assert.match(di, /^di_/);
    // 10% off the discountable 15 000: 1 000 from A, 500 from B; C (2 000) is not discountable.
    assert.deepEqual(draft.lines.data.map((l: any) => l.discount_amounts), [[{ discount: di, amount: 1000 }], [{ discount: di, amount: 500 }], []]);
    // A: 10% on 9 000 = 900 added. B: 20% inside 4 500 = 750. C: 20% inside 2 000 = 333.33 → 333.
    assert.deepEqual(draft.lines.data.map((l: any) => l.taxes.map((t: any) => [t.tax_rate_details.tax_rate, t.amount, t.tax_behavior, t.taxable_amount])), [
      [[sales.id, 900, 'exclusive', 9000]],
      [[vat.id, 750, 'inclusive', 3750]],
      [[vat.id, 333, 'inclusive', 1667]],
    ]);
    assert.equal(draft.lines.data[0].parent.invoice_item_details.invoice_item, a.id);
    // subtotal_excluding_tax: 10 000 + (5 000 − 833) + (2 000 − 333).
    assert.deepEqual(
      [draft.subtotal, draft.subtotal_excluding_tax, draft.total, draft.total_excluding_tax, draft.starting_balance, draft.amount_due],
      [17_000, 15_834, 16_400, 14_417, -400, 16_000],
    );
    assert.deepEqual(draft.total_discount_amounts, [{ discount: di, amount: 1500 }]);
    assert.deepEqual(draft.total_taxes.map((t: any) => [t.tax_rate_details.tax_rate, t.amount, t.taxable_amount]), [
      [sales.id, 900, 9000],
      [vat.id, 1083, 5417],
    ]);
    assert.equal((await api.call('GET', `/v1/coupons/${coupon.id}`)).body.times_redeemed, 1);

    const open = await post(`/v1/invoices/${draft.id}/finalize`);
    assert.deepEqual([open.starting_balance, open.ending_balance, open.amount_due, open.amount_remaining], [-400, 0, 16_000, 16_000]);
    // The credit is used up by the finalized invoice, and a later one no longer sees it.
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, 0);
    assert.equal((await api.call('GET', `/v1/invoices/${draft.id}`)).body.amount_due, 16_000);
  });

  it('refuses a coupon in another currency and a promotion code that is used up', async () => {
    const api = get();
    const cus = await post('/v1/customers', {});
    const euros = await post('/v1/coupons', { amount_off: 500, currency: 'eur' });
    const res = await api.call('POST', '/v1/invoices', { params: { customer: cus.id, discounts: [{ coupon: euros.id }] } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'discounts[0]');
    assert.equal(res.body.error.message, `Coupon ${euros.id} takes an amount off in eur; this invoice is in usd.`);
    assert.equal((await api.call('GET', `/v1/coupons/${euros.id}`)).body.times_redeemed, 0);

    const once = await post('/v1/coupons', { amount_off: 300, currency: 'usd' });
    const code = await post('/v1/promotion_codes', { promotion: { type: 'coupon', coupon: once.id }, max_redemptions: 1 });
    const first = await post('/v1/invoices', { customer: cus.id, discounts: [{ promotion_code: code.id }] });
    assert.equal(first.discounts.length, 1);
    const again = await api.call('POST', '/v1/invoices', { params: { customer: cus.id, discounts: [{ promotion_code: code.id }] } });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.param, 'promotion_code');
  });
});
