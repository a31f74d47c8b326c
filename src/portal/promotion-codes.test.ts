import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

const DAY = 24 * 60 * 60;

describeEachEngine('portal plan changes with discounts', createTestApi, (get) => {
  /** The fixture with promotion codes allowed, and a 25%-off code SPRING25. */
  async function withCodes(name: string) {
    const api = get();
    const f = await portalFixture(api, name);
    const update = f.configuration.features.subscription_update;
    const configuration = await apiPost(api, '/v1/billing_portal/configurations', {
      features: { subscription_update: { enabled: 'true', products: update.products.map((p: any) => ({ product: p.product, prices: p.prices, adjustable_quantity: { enabled: 'true', maximum: p.adjustable_quantity.maximum } })), default_allowed_updates: ['price', 'quantity', 'promotion_code'], proration_behavior: 'always_invoice' } },
    });
    const coupon = await apiPost(api, '/v1/coupons', { percent_off: 25, duration: 'forever' });
    const code = `SPRING${name.length}${f.customer.id.slice(-4)}`.toUpperCase();
    const promo = await apiPost(api, '/v1/promotion_codes', { coupon: coupon.id, code });
    const open = () => openPortal(api, { customer: f.customer.id, configuration: configuration.id });
    return { api, f, coupon, promo, open, item: f.subscription.items.data[0].id };
  }

  it('refuses a first_time_transaction code to a customer who has paid before, saying it is for new customers, in their language', async () => {
    const { api, f, coupon, item, open } = await withCodes('Old Hand');
    const welcome = await apiPost(api, '/v1/promotion_codes', { coupon: coupon.id, code: `WELCOME${f.customer.id.slice(-6)}`.toUpperCase(), restrictions: { first_time_transaction: 'true' } });
    const { visitor: v } = await open();
    const base = `/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=1&promotion_code=${welcome.code}`;
    // The subscription's first invoice was paid when it started.
    const refused = await v.get(base);
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.html), /This promotion code is only for new customers\. .*Choose a plan/);
    assert.match(refused.html, /aria-invalid="true" aria-describedby="refusal"/);
    const german = await v.get(base, { 'accept-language': 'de' });
    assert.match(textOf(german.html), /Dieser Aktionscode gilt nur für Neukunden\./);
    // Posted with the code (a form of the preview page, which carries the CSRF token), it is refused the same way.
    await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=1`);
    const confirmed = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '1', promotion_code: welcome.code });
    assert.equal(confirmed.status, 400);
    assert.match(textOf(confirmed.html), /This promotion code is only for new customers\./);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.deepEqual([sub.items.data[0].price.id, sub.discounts], [f.prices.monthly.id, []], 'nothing changed');
    assert.equal((await api.call('GET', `/v1/promotion_codes/${welcome.id}`)).body.times_redeemed, 0);
  });

  it('takes a promotion code typed on the plan change: the preview shows the discount, the confirmation bills it and redeems the code', async () => {
    const { api, f, promo, item, open } = await withCodes('Code Typer');
    api.clock.advance(10 * DAY);
    const { visitor: v } = await open();
    const choose = await v.get(`/p/subscriptions/${f.subscription.id}/update`);
    assert.match(textOf(choose.html), /Quantity Promotion code \(optional\) Review change/);

    const base = `/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=1`;
    const wrong = await v.get(`${base}&promotion_code=WINTER99`);
    assert.equal(wrong.status, 400);
    assert.match(textOf(wrong.html), /This promotion code cannot be used for this plan\. .*Choose a plan/);
    assert.ok(wrong.html.includes('value="WINTER99"'), 'the typed code stays in its field');

    const confirm = await v.get(`${base}&promotion_code=${promo.code.toLowerCase()}`);
    assert.equal(confirm.status, 200);
    const at = Number(confirm.html.match(/name="proration_date" value="(\d+)"/)![1]);
    const preview = await api.call('POST', '/v1/invoices/create_preview', {
      params: { subscription: f.subscription.id, discounts: [{ promotion_code: promo.id }], subscription_details: { items: [{ id: item, price: f.prices.bigger.id, quantity: 1 }], proration_behavior: 'always_invoice', proration_date: at } },
    });
    const discount = preview.body.total_discount_amounts[0].amount;
    assert.ok(discount > 0);
    const text = textOf(confirm.html);
    assert.ok(text.includes(`Promotion code ${promo.code} applied.`), text);
    assert.ok(text.includes(`Discount -$${(discount / 100).toFixed(2)} Total $${(preview.body.total / 100).toFixed(2)}`), text);
    assert.equal((await api.call('GET', `/v1/promotion_codes/${promo.id}`)).body.times_redeemed, 0, 'a preview redeems nothing');

    const done = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '1', proration_date: String(at), promotion_code: promo.code });
    assert.equal(done.headers.get('location'), '/p?done=plan_updated');
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.equal(sub.discounts.length, 1);
    const invoice = (await api.call('GET', `/v1/invoices/${sub.latest_invoice}`)).body;
    assert.deepEqual([invoice.total, invoice.total_discount_amounts[0].amount], [preview.body.total, discount]);
    assert.equal((await api.call('GET', `/v1/promotion_codes/${promo.id}`)).body.times_redeemed, 1);
    const next = await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } });
    assert.equal(next.body.total, 3675, 'the renewal is 25% off $49.00 too');
  });

  it('offers no code field, and ignores a code, when the configuration does not allow promotion codes', async () => {
    const api = get();
    const f = await portalFixture(api, 'No Codes');
    const coupon = await apiPost(api, '/v1/coupons', { percent_off: 50, duration: 'forever' });
    await apiPost(api, '/v1/promotion_codes', { coupon: coupon.id, code: `HALF${f.customer.id.slice(-6)}` });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    assert.doesNotMatch((await v.get(`/p/subscriptions/${f.subscription.id}/update`)).html, /promotion_code/);
    const item = f.subscription.items.data[0].id;
    const confirm = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&promotion_code=HALF${f.customer.id.slice(-6)}`);
    assert.doesNotMatch(textOf(confirm.html), /Discount|HALF/);
    const res = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '1', promotion_code: `HALF${f.customer.id.slice(-6)}` });
    assert.equal(res.status, 303);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.deepEqual([sub.items.data[0].price.id, sub.discounts], [f.prices.bigger.id, []], 'the plan changed, without the code');
  });

  it("refuses another customer's promotion code, a code that reached its redemptions, and one whose minimum the plan does not reach, changing nothing", async () => {
    const { api, f, coupon, item, open } = await withCodes('Code Owner');
    const other = await apiPost(api, '/v1/customers', { name: 'Someone Else' });
    await apiPost(api, '/v1/promotion_codes', { coupon: coupon.id, code: `THEIRS${item.slice(-6)}`, customer: other.id });
    await apiPost(api, '/v1/promotion_codes', { coupon: coupon.id, code: `GONE${item.slice(-6)}`, max_redemptions: 1 });
    await apiPost(api, '/v1/promotion_codes', { coupon: coupon.id, code: `BIG${item.slice(-6)}`, restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } });
    const taker = await apiPost(api, '/v1/customers', {});
    await apiPost(api, '/v1/invoiceitems', { customer: taker.id, amount: 1000, currency: 'usd' });
    const gone = (await api.call('GET', '/v1/promotion_codes', { params: { code: `GONE${item.slice(-6)}` } })).body.data[0];
    await apiPost(api, '/v1/invoices', { customer: taker.id, discounts: [{ promotion_code: gone.id }], pending_invoice_items_behavior: 'include' });
    const { visitor: v } = await open();
    await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}`);
    // BIG needs $50.00 a period; the $49.00 plan is less.
    for (const code of [`THEIRS${item.slice(-6)}`, `GONE${item.slice(-6)}`, `BIG${item.slice(-6)}`]) {
      const res = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '1', promotion_code: code });
      assert.equal(res.status, 400, code);
      assert.match(textOf(res.html), /This promotion code cannot be used for this plan\./, code);
    }
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.deepEqual([sub.items.data[0].price.id, sub.discounts], [f.prices.monthly.id, []], 'neither the plan nor the discounts changed');
    const twoSeats = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=2&promotion_code=BIG${item.slice(-6)}`);
    assert.equal(twoSeats.status, 200, 'two seats at $49.00 reach the minimum');
  });

  it('applies the discounts of a subscription_update_confirm flow on confirm, keeping the discount the subscription had', async () => {
    const api = get();
    const f = await portalFixture(api, 'Flow Discount');
    const kept = await apiPost(api, '/v1/coupons', { amount_off: 500, currency: 'usd', duration: 'forever' });
    await apiPost(api, `/v1/subscriptions/${f.subscription.id}`, { discounts: [{ coupon: kept.id }] });
    const offer = await apiPost(api, '/v1/coupons', { percent_off: 10, duration: 'forever' });
    const item = f.subscription.items.data[0].id;
    const { visitor: v, landing } = await openPortal(api, {
      customer: f.customer.id,
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: { subscription: f.subscription.id, items: [{ id: item, price: f.prices.bigger.id }], discounts: [{ coupon: offer.id }] },
      },
    });
    const page = await v.get(landing);
    const text = textOf(page.html);
    assert.match(text, /Discount -\$/);
    const at = page.html.match(/name="proration_date" value="(\d+)"/)![1];
    const res = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '1', proration_date: at });
    assert.equal(res.status, 303);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.equal(sub.discounts.length, 2);
    assert.equal((await api.call('GET', `/v1/coupons/${offer.id}`)).body.times_redeemed, 1);
    // $49.00 − $5.00 = $44.00, then 10% off: $39.60 at the renewal.
    const next = await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } });
    assert.equal(next.body.total, 3960);
  });
});
