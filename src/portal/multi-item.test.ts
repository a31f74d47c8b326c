import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

describeEachEngine('portal plan changes on subscriptions with several items', createTestApi, (get) => {
  it('offers each item whose product is configured its own change, says which items cannot change here, and changes only the item chosen', async () => {
    const api = get();
    const f = await portalFixture(api, 'Many Items');
    const seats = await apiPost(api, '/v1/products', { name: 'Extra seats' });
    const seat = await apiPost(api, '/v1/prices', { product: seats.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    const support = await apiPost(api, '/v1/products', { name: 'Priority support' });
    const supportPrice = await apiPost(api, '/v1/prices', { product: support.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
    const yearlySeat = await apiPost(api, '/v1/prices', { product: seats.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'year' } });
    const euroSeat = await apiPost(api, '/v1/prices', { product: seats.id, currency: 'eur', unit_amount: 500, recurring: { interval: 'month' } });
    const sub = await apiPost(api, '/v1/subscriptions', {
      customer: f.customer.id,
      items: [{ price: f.prices.monthly.id }, { price: seat.id, quantity: 2 }, { price: supportPrice.id }],
    });
    const [pro, seatItem, supportItem] = sub.items.data;
    const configuration = await apiPost(api, '/v1/billing_portal/configurations', {
      features: {
        subscription_update: {
          enabled: 'true',
          default_allowed_updates: ['price', 'quantity'],
          proration_behavior: 'none',
          products: [
            { product: f.products.pro.id, prices: [f.prices.monthly.id, f.prices.bigger.id] },
            { product: seats.id, prices: [seat.id, yearlySeat.id, euroSeat.id], adjustable_quantity: { enabled: 'true', maximum: 20 } },
          ],
        },
      },
    });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, configuration: configuration.id });
    assert.match(textOf((await v.get('/p')).html), /Change plan/);
    const choose = await v.get(`/p/subscriptions/${sub.id}/update`);
    const text = textOf(choose.html);
    assert.match(text, /Pro Choose a plan Pro – \$29\.00 per month Current plan Pro – \$49\.00 per month Review change/, 'no quantity for a product without adjustable_quantity');
    assert.match(text, /Extra seats Choose a plan Extra seats – \$5\.00 per month Current plan Quantity Review change/, 'only the seat price in the subscription currency and interval');
    assert.match(text, /Priority support cannot be changed here\. Contact us to change it\./);
    assert.equal((choose.html.match(/<form method="get"/g) ?? []).length, 2);

    const base = `/p/subscriptions/${sub.id}/update/confirm`;
    assert.equal((await v.get(`${base}?item=${supportItem.id}&quantity=2`)).status, 404, 'an item of a product not configured');
    assert.equal((await v.get(`${base}?item=${pro.id}&price=${seat.id}`)).status, 404, "another item's product");
    assert.equal((await v.get(`${base}?item=${seatItem.id}&price=${yearlySeat.id}`)).status, 404, 'another interval');
    assert.equal((await v.get(`${base}?item=${seatItem.id}&price=${euroSeat.id}`)).status, 404, 'another currency');

    const confirm = await v.get(`${base}?item=${seatItem.id}&price=${seat.id}&quantity=5`);
    assert.match(textOf(confirm.html), /New plan: Extra seats – \$5\.00 per month, quantity 5\./);
    const done = await v.post(`/p/subscriptions/${sub.id}/update`, { item: seatItem.id, price: seat.id, quantity: '5' });
    assert.equal(done.status, 303);
    const after = (await api.call('GET', `/v1/subscriptions/${sub.id}`)).body;
    assert.deepEqual(after.items.data.map((i: any) => [i.id, i.price.id, i.quantity]), [
      [pro.id, f.prices.monthly.id, 1],
      [seatItem.id, seat.id, 5],
      [supportItem.id, supportPrice.id, 1],
    ]);
  });

  it('offers no plan change when no item of a several-item subscription has a configured product', async () => {
    const api = get();
    const f = await portalFixture(api, 'Unconfigured Items');
    const other = await apiPost(api, '/v1/products', { name: 'Other' });
    const price = await apiPost(api, '/v1/prices', { product: other.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const another = await apiPost(api, '/v1/prices', { product: (await apiPost(api, '/v1/products', { name: 'Another' })).id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const sub = await apiPost(api, '/v1/subscriptions', { customer: f.customer.id, items: [{ price: price.id }, { price: another.id }] });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const page = (await v.get('/p')).html;
    const card = textOf(page.slice(page.indexOf(`aria-labelledby="sub-${sub.id}"`)).split('</article>')[0]);
    assert.match(card, /Other Active Other – \$1\.00 per month Another – \$1\.00 per month Next invoice .* Cancel subscription$/);
    assert.doesNotMatch(card, /Change plan/);
    assert.equal((await v.get(`/p/subscriptions/${sub.id}/update`)).status, 404);
  });
});
