import { it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('prices through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves and updates a price, and expands its product', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Team plan' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'EUR',
      unit_amount: 1500,
      recurring: { interval: 'year' },
      lookup_key: 'team_yearly',
      nickname: 'Team, yearly',
      metadata: { plan: 'team' },
    });
    assert.match(price.id, /^price_/);
    assert.equal(price.object, 'price');
    assert.equal(price.currency, 'eur');
    assert.equal(price.unit_amount, 1500);
    assert.equal(String(price.unit_amount_decimal), '1500');
    assert.equal(price.type, 'recurring');
    assert.deepEqual([price.recurring?.interval, price.recurring?.interval_count], ['year', 1]);
    assert.equal(price.lookup_key, 'team_yearly');
    assert.equal(price.product, product.id);

    const expanded = await stripe.prices.retrieve(price.id, { expand: ['product'] });
    const owner = expanded.product;
    assert.ok(owner && typeof owner === 'object' && !owner.deleted);
    assert.equal(owner.name, 'Team plan');

    const updated = await stripe.prices.update(price.id, { nickname: 'Team (yearly)', active: false, metadata: { plan: '' } });
    assert.equal(updated.nickname, 'Team (yearly)');
    assert.equal(updated.active, false);
    assert.deepEqual(updated.metadata, {});
    assert.equal(updated.unit_amount, 1500, 'the amount of a price never changes');
  });

  it('creates a price with its product in one call', async () => {
    const { stripe } = sdk();
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount_decimal: Stripe.Decimal.from('0.5'),
      product_data: { name: 'API call' },
      expand: ['product'],
    });
    assert.equal(price.unit_amount, null);
    assert.equal(String(price.unit_amount_decimal), '0.5');
    assert.equal(price.type, 'one_time');
    const product = price.product;
    assert.ok(product && typeof product === 'object' && !product.deleted);
    assert.match(product.id, /^prod_/);
    assert.equal(product.name, 'API call');
  });

  it('finds prices by lookup key and moves a lookup key with transfer_lookup_key', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Lookup plan' });
    const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, lookup_key: 'lookup_monthly' });
    const yearly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 10000, recurring: { interval: 'year' }, lookup_key: 'lookup_yearly' });
    await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1 });

    const found = await stripe.prices.list({ lookup_keys: ['lookup_monthly', 'lookup_yearly'], expand: ['data.product'] });
    assert.deepEqual(found.data.map((p) => p.id), [yearly.id, monthly.id]);
    for (const price of found.data) {
      assert.ok(price.product && typeof price.product === 'object' && !price.product.deleted);
      assert.equal(price.product.name, 'Lookup plan');
    }

    await assertSdkError(
      stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' }, lookup_key: 'lookup_monthly' }),
      {
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        param: 'lookup_key',
        message: `A price (\`${monthly.id}\`) already uses that lookup key.`,
      },
    );
    const cheaper = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 900,
      recurring: { interval: 'month' },
      lookup_key: 'lookup_monthly',
      transfer_lookup_key: true,
    });
    const now = await stripe.prices.list({ lookup_keys: ['lookup_monthly'] });
    assert.deepEqual(now.data.map((p) => p.id), [cheaper.id]);
    assert.equal((await stripe.prices.retrieve(monthly.id)).lookup_key, null);
  });

  it("lists a product's prices by type and interval, page by page", async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Filtered plan' });
    const month = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const year = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'year' } });
    const once = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 5000 });

    const all = await stripe.prices.list({ product: product.id, limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((p) => p.id), [once.id, year.id, month.id]);
    const recurring = await stripe.prices.list({ product: product.id, type: 'recurring' });
    assert.deepEqual(recurring.data.map((p) => p.id), [year.id, month.id]);
    const monthly = await stripe.prices.list({ product: product.id, recurring: { interval: 'month' } });
    assert.deepEqual(monthly.data.map((p) => p.id), [month.id]);
    const oneTime = await stripe.prices.list({ product: product.id, type: 'one_time', active: true });
    assert.deepEqual(oneTime.data.map((p) => p.id), [once.id]);
  });
});
