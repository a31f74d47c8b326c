import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { openPortal, textOf } from '../support/portal.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('a past-due customer pays from the portal', createTestApi, (api) => {
  const s = scenario(api);

  it('pays the failed renewal with a new card from the banner: active at once, no more retries, and the next renewal charges the new card', async () => {
    const { clock, cus } = await s.setup(utc('2026-01-31'));
    const price = await s.price(2000);
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    const failing = await s.post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: cus.id });
    await s.post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: failing.id } });
    await s.advance(clock.id, utc('2026-03-01'));
    const [, renewal] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([(await s.get(`/v1/subscriptions/${sub.id}`)).status, renewal.status, renewal.attempt_count], ['past_due', 'open', 1]);

    const { visitor: v } = await openPortal(api(), { customer: cus.id });
    const overview = await v.get('/p');
    assert.match(textOf(overview.html), /Your payment of \$20\.00 for Pro failed\. Pay it to keep your subscription\. Pay now/);
    assert.ok(overview.html.includes(`href="/p/invoices/${renewal.id}/pay?from=overview">Pay now</a>`));
    await v.get(`/p/invoices/${renewal.id}/pay?from=overview`);
    const chosen = await v.post(`/p/invoices/${renewal.id}/pay`, { payment_method: 'new', from: 'overview' });
    await v.get(chosen.headers.get('location')!);
    const paid = await v.post(`/p/invoices/${renewal.id}/pay/card`, { number: '4242424242424242', exp_month: '12', exp_year: '2030', from: 'overview' });
    assert.equal(paid.headers.get('location'), '/p?done=invoice_paid', textOf(paid.html));

    const after = textOf((await v.get('/p?done=invoice_paid')).html);
    assert.match(after, /Thank you: your payment was received and the invoice is paid\. Pro Active/);
    assert.doesNotMatch(after, /failed|Pay now|Invoices to pay/);
    const active = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.equal(active.status, 'active');
    const invoice = await s.get(`/v1/invoices/${renewal.id}`);
    assert.deepEqual([invoice.status, invoice.amount_paid, invoice.attempt_count, invoice.next_payment_attempt], ['paid', 2000, 2, null]);
    const updated = (await s.get('/v1/events', { type: 'customer.subscription.updated', limit: 100 })).data.find(
      (e: any) => e.data.object.id === sub.id && e.data.object.status === 'active' && e.data.previous_attributes?.status === 'past_due',
    );
    assert.ok(updated, 'customer.subscription.updated says it is active again');

    // The retry that was due finds nothing to charge; the next renewal is paid by the card just added.
    await s.advance(clock.id, utc('2026-04-01'));
    assert.equal((await s.get(`/v1/invoices/${renewal.id}`)).attempt_count, 2);
    const [, , next] = await s.invoicesOf(cus.id, sub.id);
    assert.equal(next.status, 'paid');
    const charged = await s.get(`/v1/payment_methods/${(await s.get(`/v1/customers/${cus.id}`)).invoice_settings.default_payment_method}`);
    assert.equal(charged.card.last4, '4242');
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'active');
  });
});
