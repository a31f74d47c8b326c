import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { silentLogger } from '../support/api.ts';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

const DAY = 86_400;

describeEachEngine('subscription schedules through the stripe SDK', startSdkServer, (sdk) => {
  /** A customer paying by card, a $10 and a $25 monthly price. */
  const setup = async (stripe: Stripe) => {
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const monthly = (name: string, unit_amount: number) => stripe.prices.create({ currency: 'usd', unit_amount, recurring: { interval: 'month' }, product_data: { name } });
    return { customer, basic: await monthly('Basic', 1000), pro: await monthly('Pro', 2500) };
  };
  /** The types of the events about `id`, oldest first. */
  const eventsOf = async (stripe: Stripe, id: string) =>
    (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === id).map((e) => e.type).reverse();

  it('creates a schedule starting now, retrieves, lists, updates it with prorations, and releases it', async () => {
    const { stripe, api } = sdk();
    const { customer, basic, pro } = await setup(stripe);
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'forever' });
    const now = api.clock.now();
    const schedule = await stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: 'now',
      end_behavior: 'release',
      metadata: { source: 'sales' },
      default_settings: { collection_method: 'charge_automatically' },
      phases: [
        { items: [{ price: basic.id, quantity: 2 }], duration: { interval: 'month' }, default_tax_rates: [rate.id] },
        { items: [{ price_data: { currency: 'usd', product: basic.product as string, unit_amount: 1500, recurring: { interval: 'month' } } }], end_date: now + 90 * DAY, discounts: [{ coupon: coupon.id }] },
      ],
      expand: ['subscription'],
    });
    assert.deepEqual([schedule.object, schedule.status, schedule.end_behavior, schedule.metadata, schedule.customer], ['subscription_schedule', 'active', 'release', { source: 'sales' }, customer.id]);
    assert.match(schedule.id, /^sub_sched_/);
    const sub = schedule.subscription as Stripe.Subscription;
    assert.deepEqual([sub.status, sub.schedule, sub.items.data[0].quantity, sub.default_tax_rates?.map((r) => r.id)], ['active', schedule.id, 2, [rate.id]]);
    assert.deepEqual(schedule.current_phase, { start_date: now, end_date: schedule.phases[0].end_date });
    assert.deepEqual(schedule.phases[0].default_tax_rates?.map((r) => r.id), [rate.id]);
    assert.deepEqual(schedule.phases[1].discounts, [{ coupon: coupon.id, discount: null, promotion_code: null }]);
    assert.equal(schedule.phases[1].start_date, schedule.phases[0].end_date);
    assert.equal(schedule.default_settings.collection_method, 'charge_automatically');

    const fetched = await stripe.subscriptionSchedules.retrieve(schedule.id, { expand: ['customer'] });
    assert.equal((fetched.customer as Stripe.Customer).email, 'ada@example.com');
    assert.deepEqual((await stripe.subscriptionSchedules.list({ customer: customer.id })).data.map((s) => s.id), [schedule.id]);
    assert.deepEqual((await stripe.subscriptionSchedules.list({ scheduled: true })).data, []);

    // Three more seats now, in the current phase: billed at once for the rest of the month.
    api.clock.advance(10 * DAY);
    const updated = await stripe.subscriptionSchedules.update(schedule.id, {
      proration_behavior: 'always_invoice',
      metadata: { seats: '5' },
      phases: [
        { items: [{ price: pro.id, quantity: 1 }], start_date: schedule.phases[0].start_date, end_date: schedule.phases[0].end_date, default_tax_rates: [rate.id] },
        { items: [{ price: basic.id }], end_date: schedule.phases[1].end_date },
      ],
    });
    assert.deepEqual([updated.metadata, updated.phases.map((p) => p.items[0].price)], [{ source: 'sales', seats: '5' }, [pro.id, basic.id]]);
    const changed = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    assert.deepEqual(changed.items.data.map((i) => [i.price.id, i.quantity]), [[pro.id, 1]]);
    const invoice = changed.latest_invoice as Stripe.Invoice;
    assert.equal(invoice.billing_reason, 'subscription_update');
    // 21 of 31 days: Pro for them less two Basic seats, plus 20% VAT.
    const net = Math.round((2500 * 21) / 31) - Math.round((2000 * 21) / 31);
    assert.deepEqual([invoice.subtotal, invoice.total], [net, net + Math.round(net * 0.2)]);

    const released = await stripe.subscriptionSchedules.release(schedule.id, { preserve_cancel_date: true });
    assert.deepEqual([released.status, released.released_subscription, released.subscription, released.released_at, released.current_phase], ['released', sub.id, null, api.clock.now(), null]);
    assert.deepEqual([(await stripe.subscriptions.retrieve(sub.id)).schedule, (await stripe.subscriptions.retrieve(sub.id)).status], [null, 'active']);
    assert.deepEqual(await eventsOf(stripe, schedule.id), ['subscription_schedule.created', 'subscription_schedule.updated', 'subscription_schedule.released']);
    // Created, paid (active), its items changed by the update, released (schedule null).
    assert.deepEqual(await eventsOf(stripe, sub.id), ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.updated', 'customer.subscription.updated']);
    const last = (await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })).data[0];
    assert.deepEqual(last.data.previous_attributes, { schedule: schedule.id });
    const created = (await stripe.events.list({ type: 'customer.subscription.created' })).data[0].data.object as Stripe.Subscription;
    assert.equal(created.schedule, schedule.id, 'the subscription names its schedule from the start');
    await assertSdkError(stripe.subscriptionSchedules.release(schedule.id), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'id', message: /cannot release a subscription schedule whose status is `released`/,
    });
  });

  it('adopts a running subscription and cancels it with the schedule', async () => {
    const { stripe } = sdk();
    const { customer, basic, pro } = await setup(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    assert.deepEqual([schedule.status, schedule.subscription, schedule.customer, schedule.end_behavior], ['active', sub.id, customer.id, 'release']);
    assert.deepEqual(schedule.phases.map((p) => [p.start_date, p.end_date, p.items.map((i) => [i.price, i.quantity])]), [
      [sub.items.data[0].current_period_start, sub.items.data[0].current_period_end, [[basic.id, 1]]],
    ]);
    const managed = await stripe.subscriptions.retrieve(sub.id, { expand: ['schedule'] });
    assert.equal((managed.schedule as Stripe.SubscriptionSchedule).id, schedule.id);
    await assertSdkError(stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'cancel_at_period_end',
      message: `The subscription is managed by the subscription schedule \`${schedule.id}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    });
    await assertSdkError(stripe.subscriptionSchedules.create({ from_subscription: sub.id }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'from_subscription', message: /already attached to a schedule/,
    });
    // A second phase on Pro follows the mirrored one.
    const next = await stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'cancel',
      phases: [
        { items: [{ price: basic.id }], start_date: schedule.phases[0].start_date, end_date: schedule.phases[0].end_date },
        { items: [{ price: pro.id }], duration: { interval: 'month', interval_count: 2 } },
      ],
    });
    assert.deepEqual([next.end_behavior, next.phases.length], ['cancel', 2]);

    const canceled = await stripe.subscriptionSchedules.cancel(schedule.id, { invoice_now: false, prorate: false });
    assert.deepEqual([canceled.status, canceled.canceled_at !== null, canceled.current_phase], ['canceled', true, null]);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'canceled');
    assert.deepEqual((await stripe.subscriptionSchedules.list({ canceled_at: { gte: canceled.canceled_at! } })).data.map((s) => s.id), [schedule.id]);
    assert.deepEqual(await eventsOf(stripe, schedule.id), ['subscription_schedule.created', 'subscription_schedule.updated', 'subscription_schedule.canceled']);
    assert.deepEqual((await eventsOf(stripe, sub.id)).slice(-2), ['customer.subscription.updated', 'customer.subscription.deleted']);
  });

  it('keeps a schedule for later not started, and starts it when its start is moved to now', async () => {
    const { stripe, api } = sdk();
    const { customer, basic } = await setup(stripe);
    const start = api.clock.now() + 30 * DAY;
    const monthLater = new Date(start * 1000);
    monthLater.setUTCMonth(monthLater.getUTCMonth() + 1);
    const schedule = await stripe.subscriptionSchedules.create({ customer: customer.id, start_date: start, phases: [{ items: [{ price: basic.id }] }] });
    assert.deepEqual([schedule.status, schedule.subscription, schedule.current_phase, schedule.phases[0].start_date, schedule.phases[0].end_date], [
      'not_started', null, null, start, monthLater.getTime() / 1000,
    ]);
    assert.deepEqual((await stripe.subscriptionSchedules.list({ scheduled: true })).data.map((s) => s.id), [schedule.id]);
    const kept = await stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: basic.id, quantity: 2 }], trial: true }] });
    assert.deepEqual([kept.status, kept.phases[0].start_date, kept.phases[0].items[0].quantity, kept.phases[0].trial_end], ['not_started', start, 2, kept.phases[0].end_date]);
    const started = await stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: basic.id, quantity: 3 }], start_date: 'now' }] });
    assert.equal(started.status, 'active');
    const sub = await stripe.subscriptions.retrieve(started.subscription as string);
    assert.deepEqual([sub.items.data[0].quantity, sub.start_date, sub.schedule], [3, api.clock.now(), schedule.id]);
  });

  it('refuses bad phases with the parameter named', async () => {
    const { stripe, api } = sdk();
    const { customer, basic, pro } = await setup(stripe);
    const now = api.clock.now();
    const invalid = (message: RegExp, param: string, code?: string) => ({ type: 'StripeInvalidRequestError', statusCode: 400, message, param, code });
    await assertSdkError(stripe.subscriptionSchedules.create({ customer: customer.id }), invalid(/Missing required param: phases/, 'phases', 'parameter_missing'));
    await assertSdkError(
      stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: basic.id }], end_date: now - DAY }] }),
      invalid(/end_date .* must be after its start_date/, 'phases[0][end_date]'),
    );
    await assertSdkError(
      stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: basic.id }], end_date: now + DAY, duration: { interval: 'month' } }] }),
      invalid(/only specify one of these parameters: end_date, duration/, 'phases[0][duration]'),
    );
    await assertSdkError(
      stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: basic.id }] }, { items: [{ price: 'price_nope' }] }] }),
      { type: 'StripeInvalidRequestError', statusCode: 404, message: /No such price: 'price_nope'/, param: 'phases[1][items][0][price]', code: 'resource_missing' },
    );
    await assertSdkError(
      stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: basic.id }] }, { items: [{ price: pro.id }], trial: true }] }),
      invalid(/trial is supported only in the first phase/, 'phases[1][trial]'),
    );
    await assertSdkError(stripe.subscriptionSchedules.create({ customer: customer.id, start_date: now - DAY, phases: [{ items: [{ price: basic.id }] }] }), invalid(/backdating\) is not supported/, 'start_date'));
    await assertSdkError(
      stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: basic.id }], add_invoice_items: [{ price: basic.id }] }] }),
      invalid(/phases\[0\]\[add_invoice_items\] is not supported: one-off items/, 'phases[0][add_invoice_items]', 'parameter_invalid'),
    );
    await assertSdkError(stripe.subscriptionSchedules.create({ customer: customer.id, end_behavior: 'renew', phases: [{ items: [{ price: basic.id }] }] }), invalid(/must be one of release, cancel/, 'end_behavior', 'parameter_invalid'));

    const schedule = await stripe.subscriptionSchedules.create({
      customer: customer.id,
      phases: [{ items: [{ price: basic.id }], duration: { interval: 'month' } }, { items: [{ price: pro.id }], duration: { interval: 'month' } }],
    });
    const [first, second] = schedule.phases;
    await assertSdkError(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: basic.id }], start_date: first.start_date, end_date: first.end_date }, { items: [{ price: pro.id }], start_date: first.end_date + DAY }] }),
      invalid(/may not overlap or leave a gap/, 'phases[1][start_date]'),
    );
    await assertSdkError(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: basic.id }], start_date: first.start_date + DAY }] }),
      invalid(/current phase's start cannot change/, 'phases[0][start_date]'),
    );
    // Into the second phase (the billing jobs move it), the first has ended and cannot change.
    api.clock.set(second.start_date + DAY);
    await runDueWork({ db: api.storage.db, clock: api.clock, logger: silentLogger });
    assert.deepEqual((await stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase, { start_date: second.start_date, end_date: second.end_date });
    await assertSdkError(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: basic.id, quantity: 2 }], start_date: first.start_date, end_date: first.end_date }, { items: [{ price: pro.id }], end_date: second.end_date }] }),
      invalid(/can not modify phases that have already ended/, 'phases[0]'),
    );
    await assertSdkError(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: pro.id }], trial: true }] }),
      invalid(/trial of a running schedule cannot change/, 'phases[0][trial_end]'),
    );
    await stripe.subscriptionSchedules.cancel(schedule.id);
    await assertSdkError(stripe.subscriptionSchedules.update(schedule.id, { metadata: { a: 'b' } }), invalid(/cannot update a subscription schedule whose status is `canceled`/, 'id'));
    await assertSdkError(stripe.subscriptionSchedules.retrieve('sub_sched_nope'), {
      type: 'StripeInvalidRequestError', statusCode: 404, message: "No such subscription_schedule: 'sub_sched_nope'", param: 'id', code: 'resource_missing',
    });
  });
});
