import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

describeEachEngine('portal: one customer never reaches another', createTestApi, (get) => {
  it("refuses every page and action on another customer's subscription, card and invoices, and changes nothing", async () => {
    const api = get();
    const mine = await portalFixture(api, 'Mallory Mine');
    const theirs = await portalFixture(api, 'Victim Theirs');
    const theirSecondCard = await apiPost(api, '/v1/payment_methods/pm_card_mastercard/attach', { customer: theirs.customer.id });
    const { visitor: v } = await openPortal(api, { customer: mine.customer.id });
    await v.get(`/p/subscriptions/${mine.subscription.id}/cancel`); // a page of one's own, for its CSRF token

    const sub = theirs.subscription.id;
    const item = theirs.subscription.items.data[0].id;
    for (const path of [`/p/subscriptions/${sub}/cancel`, `/p/subscriptions/${sub}/update`, `/p/subscriptions/${sub}/update/confirm?item=${item}&price=${theirs.prices.bigger.id}`]) {
      const page = await v.get(path);
      assert.equal(page.status, 404, path);
      assert.match(textOf(page.html), /Not found There is nothing here for your account\./);
      assert.doesNotMatch(page.html, /Victim/);
    }
    const posts: [string, Record<string, string>][] = [
      [`/p/subscriptions/${sub}/cancel`, { reason: 'other' }],
      [`/p/subscriptions/${sub}/renew`, {}],
      [`/p/subscriptions/${sub}/update`, { item, price: theirs.prices.bigger.id, quantity: '3' }],
      [`/p/subscriptions/${mine.subscription.id}/update`, { item, price: theirs.prices.bigger.id, quantity: '3' }],
      [`/p/payment-methods/${theirSecondCard.id}/default`, {}],
      [`/p/payment-methods/${theirSecondCard.id}/remove`, {}],
      [`/p/payment-methods/${theirs.card.id}/remove`, {}],
    ];
    for (const [path, form] of posts) assert.equal((await v.post(path, form)).status, 404, path);

    const sub2 = (await api.call('GET', `/v1/subscriptions/${sub}`)).body;
    assert.deepEqual([sub2.cancel_at_period_end, sub2.items.data[0].quantity, sub2.items.data[0].price.id], [false, 1, theirs.prices.monthly.id]);
    const mySub = (await api.call('GET', `/v1/subscriptions/${mine.subscription.id}`)).body;
    assert.equal(mySub.items.data[0].quantity, 1, "another's item id does not change one's own subscription");
    const theirCards = (await api.call('GET', `/v1/customers/${theirs.customer.id}/payment_methods`)).body.data;
    assert.equal(theirCards.length, 2);
    assert.equal((await api.call('GET', `/v1/customers/${theirs.customer.id}`)).body.invoice_settings.default_payment_method, theirs.card.id);
    assert.equal((await api.call('GET', `/v1/customers/${mine.customer.id}`)).body.invoice_settings.default_payment_method, mine.card.id);

    const theirInvoice = (await api.call('GET', '/v1/invoices', { params: { customer: theirs.customer.id } })).body.data[0];
    for (const path of ['/p/invoices', `/p/invoices?after=${theirInvoice.id}`, `/p/invoices?before=${theirInvoice.id}`]) {
      const page = await v.get(path);
      assert.equal(page.status, 200);
      assert.ok(!page.html.includes(theirInvoice.number), `${path} shows no invoice of theirs`);
    }
    const overview = textOf((await v.get('/p')).html);
    assert.doesNotMatch(overview, /Victim/);
    assert.equal((overview.match(/Pro Active/g) ?? []).length, 1, 'only my subscription');
    const details = await v.get('/p/details');
    assert.ok(details.html.includes('value="mallory@example.com"'));
    assert.ok(!details.html.includes('victim@example.com'));
  });

  it('keeps a session to its project and mode', async () => {
    const api = get();
    const customer = await apiPost(api, '/v1/customers', { name: 'Scoped' });
    const live = await api.call('POST', '/v1/billing_portal/sessions', { key: api.keys.live, params: { customer: customer.id } });
    assert.equal(live.status, 404);
    const other = await api.call('POST', '/v1/billing_portal/sessions', { key: api.keys.otherProject, params: { customer: customer.id } });
    assert.equal(other.status, 404);
  });
});
