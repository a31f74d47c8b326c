import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

const DAY = 24 * 60 * 60;
const dollars = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

describeEachEngine('a downgrade in the portal credits the balance', createTestApi, (get) => {
  it('previews the credit as credit to the balance with nothing billed now, and the next invoice uses it', async () => {
    const api = get();
    const f = await portalFixture(api);
    const item = f.subscription.items.data[0].id;
    await apiPost(api, `/v1/subscriptions/${f.subscription.id}`, { items: [{ id: item, price: f.prices.bigger.id, quantity: 2 }], proration_behavior: 'none' });
    api.clock.advance(10 * DAY);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const confirm = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.monthly.id}&quantity=1`);
    assert.equal(confirm.status, 200);
    const preview = (await api.call('POST', '/v1/invoices/create_preview', {
      params: { subscription: f.subscription.id, subscription_details: { items: [{ id: item, price: f.prices.monthly.id, quantity: 1 }], proration_behavior: 'always_invoice', proration_date: api.clock.now() } },
    })).body;
    assert.ok(preview.total < 0, 'the credit for $98.00 a month is larger than the charge for $29.00');
    assert.equal(preview.amount_due, 0, 'create_preview never asks for a negative amount');
    const text = textOf(confirm.html);
    assert.ok(text.includes(`Total ${dollars(preview.total)} Credit to your balance ${dollars(-preview.total)} Amount due $0.00`), text);
    assert.match(text, /Billed now/);
    assert.doesNotMatch(text, /Amount due -/);

    const done = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.monthly.id, quantity: '1', proration_date: confirm.html.match(/name="proration_date" value="(\d+)"/)![1] });
    assert.equal(done.status, 303);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    const invoice = (await api.call('GET', `/v1/invoices/${sub.latest_invoice}`)).body;
    assert.deepEqual([invoice.status, invoice.total, invoice.amount_due, invoice.amount_paid, invoice.ending_balance], ['paid', preview.total, 0, 0, preview.total]);
    const [txn] = (await api.call('GET', `/v1/customers/${f.customer.id}/balance_transactions`)).body.data;
    assert.deepEqual([txn.type, txn.amount, txn.invoice, txn.ending_balance], ['applied_to_invoice', preview.total, invoice.id, preview.total]);

    // The overview's next invoice is what will be charged: the month, less the credit (or nothing).
    const next = (await api.call('POST', '/v1/invoices/create_preview', { params: { subscription: sub.id } })).body;
    assert.equal(next.amount_due, Math.max(0, 2900 + preview.total));
    assert.match(textOf((await v.get('/p')).html), new RegExp(`Next invoice \\${dollars(next.amount_due)} on`));

    // The hosted invoice page says where the credit went.
    const page = textOf(await (await api.app.request(new URL(invoice.hosted_invoice_url).pathname)).text());
    assert.ok(page.includes(`Total ${dollars(preview.total)} Credit to your balance ${dollars(-preview.total)} Amount paid $0.00 Amount due $0.00`), page);
  });
});
