import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';
import { isProration } from '../../src/modules/invoices/line-text.ts';

describeEachEngine('mid-cycle changes on a test clock', createTestApi, (api) => {
  const s = scenario(api);
  const lines = (invoice: any) => invoice.lines.data.map((l: any) => [l.amount, isProration(l), l.period.start, l.period.end]);

  it('downgrades $30 → $10 ten days into January: the next renewal bills both prorations and February', async () => {
    const { clock, cus } = await s.setup(utc('2024-01-01'));
    const [pro, basic] = [await s.price(3000), await s.price(1000, 'Basic')];
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: pro.id }] });
    await s.advance(clock.id, utc('2024-01-11'));
    await s.post(`/v1/subscriptions/${sub.id}`, { items: [{ id: sub.items.data[0].id, price: basic.id }], proration_behavior: 'create_prorations' });
    assert.equal((await s.invoicesOf(cus.id, sub.id)).length, 1, 'create_prorations invoices nothing at once');

    await s.advance(clock.id, utc('2024-02-01'));
    const renewal = (await s.invoicesOf(cus.id, sub.id)).at(-1);
    // Unused time: 21 of 31 days = 1,814,400 of 2,678,400 s.
    // Credit −round(3000 × 1814400/2678400) = −round(2032.26) = −2032;
    // charge round(1000 × 1814400/2678400) = round(677.42) = 677; then February at 1000.
    const rest = [utc('2024-01-11'), utc('2024-02-01')];
    assert.deepEqual(lines(renewal).sort(), [[-2032, true, ...rest], [1000, false, utc('2024-02-01'), utc('2024-03-01')], [677, true, ...rest]]);
    // −2032 + 677 + 1000 = −355: nothing to charge, the 355 goes to the customer's balance.
    assert.deepEqual([renewal.billing_reason, renewal.status, renewal.total, renewal.amount_due, renewal.ending_balance], ['subscription_cycle', 'paid', -355, 0, -355]);
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, -355);

    // March uses the credit: 1000 − 355 = 645.
    await s.advance(clock.id, utc('2024-03-01'));
    const march = (await s.invoicesOf(cus.id, sub.id)).at(-1);
    assert.deepEqual([march.total, march.amount_due, march.amount_paid], [1000, 645, 645]);
  });

  it('raises the quantity 2 → 5 ten days into January with always_invoice: the difference is charged at once', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-01'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id, quantity: 2 }] });
    await s.advance(clock.id, utc('2024-01-11'));
    await s.post(`/v1/subscriptions/${sub.id}`, { items: [{ id: sub.items.data[0].id, quantity: 5 }], proration_behavior: 'always_invoice' });

    const update = (await s.invoicesOf(cus.id, sub.id)).at(-1);
    // 21 of 31 days left: credit −round(2 × 2000 × 21/31) = −round(2709.68) = −2710,
    // charge round(5 × 2000 × 21/31) = round(6774.19) = 6774; 6774 − 2710 = 4064.
    const rest = [utc('2024-01-11'), utc('2024-02-01')];
    assert.deepEqual(lines(update).sort(), [[-2710, true, ...rest], [6774, true, ...rest]]);
    assert.deepEqual(update.lines.data.map((l: any) => l.quantity).sort(), [2, 5]);
    assert.deepEqual([update.billing_reason, update.status, update.total, update.amount_paid], ['subscription_update', 'paid', 4064, 4064]);

    await s.advance(clock.id, utc('2024-02-01'));
    const renewal = (await s.invoicesOf(cus.id, sub.id)).at(-1);
    assert.deepEqual([lines(renewal), renewal.amount_paid], [[[10000, false, utc('2024-02-01'), utc('2024-03-01')]], 10000]);
  });
});
