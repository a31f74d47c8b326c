import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';
import { isProration } from '../../src/modules/invoices/line-text.ts';

describeEachEngine('an invoice preview against the renewal it previews', createTestApi, (api) => {
  const s = scenario(api);

  it('previews an upgrade at proration_date; the renewal after the real update bills the same lines and total', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-01'));
    const premium = await s.post('/v1/prices', { currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' }, product_data: { name: 'Premium' } });
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    const item = sub.items.data[0];
    await s.advance(clock.id, utc('2024-01-11'));
    const at = utc('2024-01-11') + 3600;
    const details = { items: [{ id: item.id, price: premium.id }], proration_date: at };
    const preview = await s.post('/v1/invoices/create_preview', { subscription: sub.id, subscription_details: details });
    // 20 days 23 hours left of 31: 2000 × 503/744 → −1352 and 5000 × 503/744 → +3380, then February at 5000.
    assert.deepEqual(preview.lines.data.map((l: any) => [l.amount, isProration(l)]), [[-1352, true], [3380, true], [5000, false]]);

    await s.post(`/v1/subscriptions/${sub.id}`, { items: [{ id: item.id, price: premium.id }], proration_date: at });
    await s.advance(clock.id, utc('2024-02-01'));
    const renewal = (await s.invoicesOf(cus.id, sub.id)).at(-1);
    assert.equal(renewal.billing_reason, 'subscription_cycle');
    const lines = (invoice: any) => invoice.lines.data.map((l: any) => [l.amount, isProration(l), l.description, l.period]).sort();
    assert.deepEqual(lines(renewal), lines(preview));
    assert.deepEqual([renewal.subtotal, renewal.total, renewal.amount_paid], [preview.subtotal, preview.total, preview.total]);
    assert.equal(renewal.created, preview.created);
  });
});
