import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('a customer balance over renewals', createTestApi, (api) => {
  const s = scenario(api);

  it('a $30 credit pays the first month of $20 and half the next; the ledger says which invoice used what', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-01'));
    await s.post(`/v1/customers/${cus.id}/balance_transactions`, { amount: -3000, currency: 'usd', description: 'Welcome credit' });
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.advance(clock.id, utc('2024-02-01'));
    await s.advance(clock.id, utc('2024-03-01'));
    const [january, february, march] = await s.invoicesOf(cus.id, sub.id);
    const view = (i: any) => [i.total, i.starting_balance, i.ending_balance, i.amount_due, i.amount_paid, i.status];
    assert.deepEqual([january, february, march].map(view), [
      [2000, -3000, -1000, 0, 0, 'paid'],
      [2000, -1000, 0, 1000, 1000, 'paid'],
      [2000, 0, 0, 2000, 2000, 'paid'],
    ]);
    const ledger = (await s.get(`/v1/customers/${cus.id}/balance_transactions`, { limit: 10 })).data.reverse();
    assert.deepEqual(ledger.map((t: any) => [t.type, t.amount, t.ending_balance, t.invoice]), [
      ['adjustment', -3000, -3000, null],
      ['applied_to_invoice', 2000, -1000, january.id],
      ['applied_to_invoice', 1000, 0, february.id],
    ]);
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, 0);
  });
});
