import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { openPortal, textOf } from '../support/portal.ts';
import { scenario, utc } from './support.ts';

const day = (seconds: number) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(seconds * 1000);

describeEachEngine('portal moves between monthly and yearly billing', createTestApi, (get) => {
  const { post, get: read, setup, advance, invoicesOf } = scenario(get);

  /** A customer on a clock subscribed to `first`; the portal offers Pro at $20 a month and $200 a year. */
  async function proOnClock(start: number, first: 'monthly' | 'yearly', conditions: string[] = []) {
    const { clock, cus } = await setup(start);
    const product = await post('/v1/products', { name: 'Pro' });
    const monthly = await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
    const yearly = await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: 20000, recurring: { interval: 'year' } });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: first === 'monthly' ? monthly.id : yearly.id }] });
    const configuration = await post('/v1/billing_portal/configurations', {
      features: {
        subscription_update: {
          enabled: 'true',
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
          default_allowed_updates: ['price'],
          proration_behavior: 'create_prorations',
          schedule_at_period_end: { conditions: conditions.map((type) => ({ type })) },
        },
      },
    });
    const { visitor } = await openPortal(get(), { customer: cus.id, configuration: configuration.id });
    return { clock, cus, monthly, yearly, sub, item: sub.items.data[0].id, v: visitor };
  }

  it('upgrades monthly → yearly: the preview is the invoice billed now (the year less the unused days) and the year starts today', async () => {
    const { clock, cus, yearly, sub, item, v } = await proOnClock(utc('2026-04-01'), 'monthly', ['decreasing_item_amount', 'shortening_interval']);
    await advance(clock.id, utc('2026-04-13'));
    const now = utc('2026-04-13');
    const choose = textOf((await v.get(`/p/subscriptions/${sub.id}/update`)).html);
    assert.match(choose, /Pro – \$20\.00 per month Current plan Pro – \$200\.00 per year/);

    const confirm = await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${yearly.id}`);
    const text = textOf(confirm.html);
    // April has 30 days; 18 are left: 2000 × 18/30 = 1200 back; 20000 for the year: 18800 now.
    const credit = Math.round((2000 * (sub.items.data[0].current_period_end - now)) / (sub.items.data[0].current_period_end - sub.items.data[0].current_period_start));
    assert.equal(credit, 1200);
    assert.ok(text.includes(`Your billing period restarts on ${day(now)} and renews on ${day(utc('2027-04-13'))}.`), text);
    assert.ok(text.includes('Billed now Description Amount Unused time on 1 × Pro after 13 Apr 2026 -$12.00 1 × Pro (at $200.00 / year) $200.00 Total $188.00 Confirm change'), text);

    const done = await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: yearly.id, proration_date: confirm.html.match(/name="proration_date" value="(\d+)"/)![1] });
    assert.equal(done.headers.get('location'), '/p?done=plan_updated');
    const moved = await read(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([moved.items.data[0].price.id, moved.billing_cycle_anchor, moved.items.data[0].current_period_start, moved.items.data[0].current_period_end], [yearly.id, now, now, utc('2027-04-13')]);
    const invoices = await invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.total, i.status]), [['subscription_create', 2000, 'paid'], ['subscription_update', 18800, 'paid']]);
    assert.ok(textOf((await v.get('/p')).html).includes(`Pro – $200.00 per year Next invoice $200.00 on ${day(utc('2027-04-13'))}`));

    // Nothing more until the year ends; then the renewal bills the next year.
    await advance(clock.id, utc('2026-06-01'));
    assert.equal((await invoicesOf(cus.id, sub.id)).length, 2);
  });

  it('schedules yearly → monthly for the end of the year with shortening_interval; the renewal starts monthly billing', async () => {
    const { clock, cus, monthly, yearly, sub, item, v } = await proOnClock(utc('2026-02-01'), 'yearly', ['shortening_interval']);
    await advance(clock.id, utc('2026-08-01'));
    const confirm = textOf((await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${monthly.id}`)).html);
    assert.ok(confirm.includes(`Your plan changes on ${day(utc('2027-02-01'))}, when your current period ends. Nothing is billed now.`), confirm);
    assert.ok(confirm.includes(`Your billing period restarts on ${day(utc('2027-02-01'))} and renews on ${day(utc('2027-03-01'))}.`), confirm);
    assert.match(confirm, /Your next invoice, on Feb 1, 2027 .* 1 × Pro \(at \$20\.00 \/ month\) \$20\.00 Total \$20\.00 Schedule change/);

    const done = await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: monthly.id });
    assert.equal(done.headers.get('location'), '/p?done=change_scheduled');
    const scheduled = await read(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([scheduled.items.data[0].price.id, scheduled.items.data[0].current_period_end], [yearly.id, utc('2027-02-01')]);
    assert.deepEqual(scheduled.scheduled_change, { effective_at: utc('2027-02-01'), items: [{ id: item, price: monthly.id, quantity: 1 }] });
    assert.ok(textOf((await v.get('/p')).html).includes(`Next invoice $20.00 on ${day(utc('2027-02-01'))} Scheduled change Pro – $20.00 per month from ${day(utc('2027-02-01'))}`));

    await advance(clock.id, utc('2027-03-01') + 3600);
    const renewed = await read(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([renewed.items.data[0].price.id, renewed.billing_cycle_anchor, renewed.items.data[0].current_period_start, renewed.items.data[0].current_period_end, renewed.scheduled_change], [monthly.id, utc('2027-02-01'), utc('2027-03-01'), utc('2027-04-01'), null]);
    const invoices = await invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.total, i.lines.data[0].period]), [
      ['subscription_create', 20000, { start: utc('2026-02-01'), end: utc('2027-02-01') }],
      ['subscription_cycle', 2000, { start: utc('2027-02-01'), end: utc('2027-03-01') }],
      ['subscription_cycle', 2000, { start: utc('2027-03-01'), end: utc('2027-04-01') }],
    ]);
  });

  it('moves yearly → monthly at once without shortening_interval, crediting the unused months', async () => {
    const { clock, cus, monthly, sub, item, v } = await proOnClock(utc('2026-01-01'), 'yearly', ['decreasing_item_amount']);
    await advance(clock.id, utc('2026-07-02'));
    const now = utc('2026-07-02');
    const confirm = await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${monthly.id}`);
    // 183 of 365 days left: 20000 × 183/365 = 10027.4 → 10027 back; the month costs 2000: −8027, a credit.
    const credit = Math.round((20000 * (utc('2027-01-01') - now)) / (utc('2027-01-01') - utc('2026-01-01')));
    assert.equal(credit, 10027);
    assert.match(textOf(confirm.html), /Billed now .* Unused time on 1 × Pro after 2 Jul 2026 -\$100\.27 1 × Pro \(at \$20\.00 \/ month\) \$20\.00 Total -\$80\.27 Credit to your balance \$80\.27 Amount due \$0\.00 Confirm change/);
    await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: monthly.id, proration_date: confirm.html.match(/name="proration_date" value="(\d+)"/)![1] });
    const invoice = (await invoicesOf(cus.id, sub.id)).at(-1);
    assert.deepEqual([invoice.billing_reason, invoice.total, invoice.amount_due], ['subscription_update', 2000 - credit, 0]);
    assert.equal((await read(`/v1/customers/${cus.id}`)).balance, 2000 - credit, 'the credit is kept for the next invoices');
    assert.equal((await read(`/v1/subscriptions/${sub.id}`)).items.data[0].current_period_end, utc('2026-08-02'));
  });
});
