import { it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

const DAY = 86_400;

describeEachEngine('plans through the stripe SDK', startSdkServer, (sdk) => {
  /** The types of the events about `id`, oldest first. */
  const eventsOf = async (stripe: Stripe, id: string) =>
    (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id?: string }).id === id).map((e) => e.type).reverse();

  it('creates a plan with its own id and a new product, usable as a price and subscribed to with its trial', async () => {
    const { stripe } = sdk();
    const plan = await stripe.plans.create({
      id: 'gold-monthly', amount: 1500, currency: 'usd', interval: 'month', product: { name: 'Gold' }, nickname: 'Gold monthly', metadata: { tier: 'gold' }, trial_period_days: 14,
    });
    assert.deepEqual(
      [plan.object, plan.id, plan.amount, String(plan.amount_decimal), plan.interval, plan.interval_count, plan.usage_type, plan.billing_scheme, plan.trial_period_days, plan.nickname, plan.metadata, plan.active, plan.tiers_mode],
      ['plan', 'gold-monthly', 1500, '1500', 'month', 1, 'licensed', 'per_unit', 14, 'Gold monthly', { tier: 'gold' }, true, null],
    );
    const product = await stripe.products.retrieve(plan.product as string);
    assert.equal(product.name, 'Gold');
    // The same object as a price; Stripe tells both.
    const price = await stripe.prices.retrieve('gold-monthly');
    assert.deepEqual([price.object, price.unit_amount, price.recurring?.interval, price.recurring?.trial_period_days, price.product], ['price', 1500, 'month', 14, product.id]);
    assert.deepEqual(await eventsOf(stripe, 'gold-monthly'), ['price.created', 'plan.created']);
    await assertSdkError(stripe.plans.create({ id: 'gold-monthly', amount: 100, currency: 'usd', interval: 'month', product: product.id }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'resource_already_exists', param: 'id', message: 'Plan already exists.',
    });

    const customer = await stripe.customers.create({ email: 'gil@example.com' });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ plan: 'gold-monthly' }], trial_from_plan: true });
    assert.deepEqual([sub.status, sub.trial_end! - sub.trial_start!], ['trialing', 14 * DAY]);
    assert.deepEqual([sub.items.data[0].plan.id, sub.items.data[0].price.id], ['gold-monthly', 'gold-monthly']);
    assert.deepEqual((await stripe.subscriptions.list({ plan: 'gold-monthly' })).data.map((s) => s.id), [sub.id]);
    const expanded = await stripe.subscriptions.retrieve(sub.id, { expand: ['items.data.plan.product'] });
    assert.equal((expanded.items.data[0].plan.product as Stripe.Product).name, 'Gold');
    assert.equal(((await stripe.plans.retrieve('gold-monthly', { expand: ['product'] })).product as Stripe.Product).name, 'Gold');
    await assertSdkError(stripe.subscriptions.create({ customer: customer.id, items: [{ plan: 'gold-monthly', price: 'gold-monthly' }] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'items[0][plan]', message: 'You may only specify one of these parameters: plan, price.',
    });
  });

  it('serves every recurring price as a plan, and updates, lists and deletes plans', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Silver' });
    const monthly = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 900, recurring: { interval: 'month', interval_count: 3 } });
    const once = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 5000 });
    assert.deepEqual(await eventsOf(stripe, monthly.id), ['price.created', 'plan.created']);
    assert.deepEqual(await eventsOf(stripe, once.id), ['price.created']);
    const seen = await stripe.plans.retrieve(monthly.id);
    assert.deepEqual([seen.object, seen.amount, seen.currency, seen.interval, seen.interval_count], ['plan', 900, 'eur', 'month', 3]);
    await assertSdkError(stripe.plans.retrieve(once.id), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such plan: '${once.id}'`,
    });
    const yearly = await stripe.plans.create({ amount_decimal: Stripe.Decimal.from('9000'), currency: 'eur', interval: 'year', product: product.id });
    assert.match(yearly.id, /^price_/);
    assert.deepEqual((await stripe.plans.list({ product: product.id })).data.map((p) => p.id), [yearly.id, monthly.id]);

    const renamed = await stripe.plans.update(monthly.id, { nickname: 'Quarterly', trial_period_days: 7, metadata: { k: 'v' } });
    assert.deepEqual([renamed.nickname, renamed.trial_period_days, renamed.metadata], ['Quarterly', 7, { k: 'v' }]);
    const [updated] = (await stripe.events.list({ type: 'plan.updated' })).data;
    assert.deepEqual(updated.data.previous_attributes, { metadata: { k: null }, nickname: null, trial_period_days: null });
    assert.deepEqual(await eventsOf(stripe, monthly.id), ['price.created', 'plan.created', 'price.updated', 'plan.updated']);
    const other = await stripe.products.create({ name: 'Bronze' });
    assert.equal((await stripe.plans.update(yearly.id, { product: other.id })).product, other.id);
    const archived = await stripe.plans.update(yearly.id, { active: false });
    assert.deepEqual((await stripe.plans.list({ active: false, product: other.id })).data.map((p) => p.id), [archived.id]);

    const customer = await stripe.customers.create({ email: 'hal@example.com' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], default_payment_method: pm.id });
    await assertSdkError(stripe.plans.update(monthly.id, { product: other.id }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: undefined, param: 'product', message: /used by a subscription/,
    });

    const deleted = await stripe.plans.del(monthly.id);
    assert.deepEqual([deleted.id, deleted.object, deleted.deleted], [monthly.id, 'plan', true]);
    assert.deepEqual((await eventsOf(stripe, monthly.id)).slice(-2), ['price.deleted', 'plan.deleted']);
    await assertSdkError(stripe.plans.retrieve(monthly.id), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such plan: '${monthly.id}'`,
    });
    await assertSdkError(stripe.prices.retrieve(monthly.id), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such price: '${monthly.id}'`,
    });
    assert.deepEqual((await stripe.plans.list({ product: product.id })).data, []);
    // The subscription holding it bills on; no new one can take it.
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].plan.id, monthly.id);
    await assertSdkError(stripe.subscriptions.create({ customer: customer.id, items: [{ plan: monthly.id }] }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'items[0][price]', message: `No such price: '${monthly.id}'`,
    });
  });

  it('refuses what a plan cannot be in Bursar, naming the parameter', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Metered' });
    const base = { currency: 'usd', interval: 'month' as const, product: product.id };
    const refused = (param: string, message: string | RegExp, code: string | undefined = 'parameter_invalid') => ({ type: 'StripeInvalidRequestError', statusCode: 400, code, param, message });
    await assertSdkError(stripe.plans.create({ ...base, amount: 100, usage_type: 'metered' }), refused('usage_type', /^usage_type=metered is not supported: /));
    await assertSdkError(stripe.plans.create({ ...base, billing_scheme: 'tiered', tiers: [{ up_to: 'inf', unit_amount: 100 }], tiers_mode: 'volume' }), refused('billing_scheme', /^billing_scheme=tiered is not supported: /));
    await assertSdkError(stripe.plans.create({ ...base, amount: 100, tiers: [{ up_to: 'inf', unit_amount: 100 }] }), refused('tiers', /^tiers is not supported: /));
    await assertSdkError(stripe.plans.create(base), refused('amount', 'Missing required param: amount.', 'parameter_missing'));
    await assertSdkError(stripe.plans.create({ ...base, amount: 100, interval: 'week', interval_count: 53 }), { ...refused('interval_count', /^Invalid interval_count: 53 weeks/), code: undefined });
    await assertSdkError(stripe.plans.create({ ...base, amount: 100, product: 'prod_nope' }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'product', message: "No such product: 'prod_nope'",
    });
    assert.deepEqual((await stripe.plans.list({ product: product.id })).data, []);
  });
});
