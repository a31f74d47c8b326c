import assert from 'node:assert/strict';
import type { TestApi } from '../support/api.ts';

/** Dates as people write them, in UTC seconds. */
export const utc = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;

/** Calls the API for a scenario: every request must succeed. */
export function scenario(api: () => TestApi) {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await api().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const get = async (path: string, params: Record<string, unknown> = {}) => (await api().call('GET', path, { params })).body;
  /** A monthly USD price of `amount` cents. */
  const price = (amount: number, name = 'Pro') =>
    post('/v1/prices', { currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name } });
  return {
    post,
    get,
    price,
    /** A clock at `start`, a customer on it paying with `card` by default, and a monthly $20 price. */
    async setup(start: number, card = 'pm_card_visa') {
      const clock = await post('/v1/test_helpers/test_clocks', { frozen_time: start });
      const cus = await post('/v1/customers', { email: 'sam@example.com', test_clock: clock.id });
      const pm = await post(`/v1/payment_methods/${card}/attach`, { customer: cus.id });
      await post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
      return { clock, cus, price: await price(2000) };
    },
    /** A Basic ($10/month) subscription 10 days into its first period; Premium ($30) beside it. */
    async tenDaysIn() {
      const basic = await price(1000, 'Basic');
      const premium = await price(3000, 'Premium');
      const cus = await post('/v1/customers', {});
      const pm = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
      const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: basic.id }], default_payment_method: pm.id });
      api().clock.advance(10 * 86_400);
      return { basic, premium, cus, sub, item: sub.items.data[0] };
    },
    advance: (clock: string, to: number) => post(`/v1/test_helpers/test_clocks/${clock}/advance`, { frozen_time: to }),
    /** The subscription's invoices, oldest first; `?subscription=` must list what the customer's invoices say. */
    invoicesOf: async (customer: string, sub: string) => {
      const mine = (await get('/v1/invoices', { customer, limit: 100 })).data.filter((i: any) => i.parent?.subscription_details.subscription === sub);
      const listed = (await get('/v1/invoices', { subscription: sub, limit: 100 })).data;
      assert.deepEqual(listed.map((i: any) => i.id), mine.map((i: any) => i.id), 'GET /v1/invoices?subscription=');
      return mine.reverse();
    },
    /**
     * Event types about an object with their times, oldest first, read from the table in
     * the order written (the API lists newest first, 100 a page at most).
     */
    eventsOf: async (id: string) => {
      const rows = await api().storage.db.selectFrom('events').select(['type', 'created', 'data']).orderBy('seq', 'asc').execute();
      return rows.filter((r) => JSON.parse(r.data).object.id === id).map((r) => [r.type, r.created] as [string, number]);
    },
  };
}
