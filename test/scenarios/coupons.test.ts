import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('coupons over renewals on a test clock', createTestApi, (api) => {
  const s = scenario(api);

  it('discounts the first three monthly invoices with a 3-month repeating 25% coupon, not the fourth', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-01'));
    const coupon = await s.post('/v1/coupons', { percent_off: 25, duration: 'repeating', duration_in_months: 3 });
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    // The discount ends on Apr 1 (Jan 1 + 3 months): periods starting Jan 1, Feb 1 and Mar 1
    // get 2000 × 75% = 1500; Apr 1 and May 1 are billed in full.
    await s.advance(clock.id, utc('2024-05-01'));
    const invoices = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.lines.data[0].period.start, i.total, i.amount_paid]), [
      [utc('2024-01-01'), 1500, 1500],
      [utc('2024-02-01'), 1500, 1500],
      [utc('2024-03-01'), 1500, 1500],
      [utc('2024-04-01'), 2000, 2000],
      [utc('2024-05-01'), 2000, 2000],
    ]);
  });

  it('discounts only the first invoice with a once coupon', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-01'));
    const coupon = await s.post('/v1/coupons', { percent_off: 25, duration: 'once' });
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    await s.advance(clock.id, utc('2024-02-01'));
    assert.deepEqual((await s.invoicesOf(cus.id, sub.id)).map((i: any) => i.total), [1500, 2000]);
  });
});
