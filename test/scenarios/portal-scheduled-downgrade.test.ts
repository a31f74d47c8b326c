import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { openPortal, textOf } from '../support/portal.ts';
import { scenario, utc } from './support.ts';

const day = (seconds: number) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(seconds * 1000);

describeEachEngine('portal downgrades scheduled at the period end', createTestApi, (get) => {
  const { post, get: read, setup, advance, invoicesOf } = scenario(get);

  /** A customer on a clock with a $49 Pro subscription; the portal offers $29 and $49, scheduling decreases. */
  async function proOnClock(start: number) {
    const { clock, cus } = await setup(start);
    const product = await post('/v1/products', { name: 'Pro' });
    const small = await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
    const big = await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } });
    const sub = await post('/v1/subscriptions', { customer: cus.id, items: [{ price: big.id }] });
    const configuration = await post('/v1/billing_portal/configurations', {
      features: {
        subscription_update: {
          enabled: 'true',
          products: [{ product: product.id, prices: [small.id, big.id], adjustable_quantity: { enabled: 'true' } }],
          default_allowed_updates: ['price', 'quantity'],
          proration_behavior: 'always_invoice',
          schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        },
      },
    });
    const { visitor } = await openPortal(get(), { customer: cus.id, configuration: configuration.id });
    return { clock, cus, small, big, sub, item: sub.items.data[0].id, v: visitor };
  }

  it('schedules a downgrade for the period end: nothing billed now, the overview shows it, the renewal bills the new price', async () => {
    const start = utc('2026-03-01');
    const { clock, cus, small, big, sub, item, v } = await proOnClock(start);
    await advance(clock.id, utc('2026-03-11'));

    const confirm = await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${small.id}&quantity=1`);
    const text = textOf(confirm.html);
    assert.ok(text.includes(`Your plan changes on ${day(sub.items.data[0].current_period_end)}, when your current period ends. Nothing is billed now.`), text);
    assert.match(text, /Your next invoice, on .* Total \$29\.00 Schedule change/);

    const done = await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: small.id, quantity: '1' });
    assert.equal(done.headers.get('location'), '/p?done=change_scheduled');
    const scheduled = await read(`/v1/subscriptions/${sub.id}`);
    assert.equal(scheduled.items.data[0].price.id, big.id, 'the plan does not change before the period ends');
    assert.deepEqual(scheduled.scheduled_change, { effective_at: sub.items.data[0].current_period_end, items: [{ id: item, price: small.id, quantity: 1 }] });
    assert.equal((await invoicesOf(cus.id, sub.id)).length, 1, 'nothing billed now');
    const [event] = (await read('/v1/events', { type: 'customer.subscription.updated' })).data.filter((e: any) => e.data.object.id === sub.id);
    assert.deepEqual(event.data.previous_attributes, { scheduled_change: null });

    const overview = textOf((await v.get('/p?done=change_scheduled')).html);
    assert.ok(overview.includes('Your plan change is scheduled for the end of the current period.'), overview);
    assert.ok(overview.includes(`Pro – $49.00 per month Next invoice $29.00 on ${day(sub.items.data[0].current_period_end)} Scheduled change Pro – $29.00 per month from ${day(sub.items.data[0].current_period_end)} Change plan Keep current plan`), overview);

    await advance(clock.id, sub.items.data[0].current_period_end + 3600);
    const renewed = await read(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([renewed.items.data[0].id, renewed.items.data[0].price.id, renewed.scheduled_change], [item, small.id, null]);
    const invoices = await invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.total, i.status]), [['subscription_create', 4900, 'paid'], ['subscription_cycle', 2900, 'paid']]);
    assert.equal(invoices[1].lines.data[0].period.start, sub.items.data[0].current_period_end);
    assert.doesNotMatch(textOf((await v.get('/p')).html), /Scheduled change/);
  });

  it('lets the customer keep the current plan: the scheduled change is dropped and the renewal bills the same price', async () => {
    const { clock, cus, small, sub, item, v } = await proOnClock(utc('2026-05-01'));
    await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${small.id}`);
    await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: small.id, quantity: '1' });
    const overview = await v.get('/p');
    assert.match(overview.html, new RegExp(`action="/p/subscriptions/${sub.id}/scheduled-change/cancel"`));
    const kept = await v.post(`/p/subscriptions/${sub.id}/scheduled-change/cancel`);
    assert.equal(kept.headers.get('location'), '/p?done=scheduled_change_canceled');
    assert.match(textOf((await v.get('/p?done=scheduled_change_canceled')).html), /The scheduled change was canceled\. Your plan stays as it is\./);
    assert.equal((await read(`/v1/subscriptions/${sub.id}`)).scheduled_change, null);
    assert.equal((await v.post(`/p/subscriptions/${sub.id}/scheduled-change/cancel`)).status, 404, 'nothing left to cancel');
    await advance(clock.id, sub.items.data[0].current_period_end + 3600);
    assert.deepEqual((await invoicesOf(cus.id, sub.id)).map((i: any) => i.total), [4900, 4900]);
  });

  it('applies an upgrade at once even when downgrades are scheduled, replacing a scheduled downgrade', async () => {
    const { clock, cus, small, big, sub, item, v } = await proOnClock(utc('2026-07-01'));
    await advance(clock.id, utc('2026-07-16'));
    await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${small.id}`);
    await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: small.id, quantity: '1' });
    assert.notEqual((await read(`/v1/subscriptions/${sub.id}`)).scheduled_change, null);
    // Two seats of $49 cost more than one: an upgrade, billed now.
    const confirm = await v.get(`/p/subscriptions/${sub.id}/update/confirm?item=${item}&price=${big.id}&quantity=2`);
    assert.match(textOf(confirm.html), /Billed now .* Confirm change/);
    const done = await v.post(`/p/subscriptions/${sub.id}/update`, { item, price: big.id, quantity: '2' });
    assert.equal(done.headers.get('location'), '/p?done=plan_updated');
    const updated = await read(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([updated.items.data[0].quantity, updated.scheduled_change], [2, null]);
    assert.equal((await invoicesOf(cus.id, sub.id)).at(-1).billing_reason, 'subscription_update');
  });
});
