import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('products through the stripe SDK', startSdkServer, (sdk) => {
  it('creates a product with its default price, retrieves, updates and lists it', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({
      name: 'Pro plan',
      description: 'Everything in Basic, and more',
      metadata: { tier: 'pro' },
      marketing_features: [{ name: 'Unlimited projects' }],
      default_price_data: { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } },
    });
    assert.match(product.id, /^prod_/);
    assert.equal(product.object, 'product');
    assert.equal(product.active, true);
    assert.equal(product.name, 'Pro plan');
    assert.deepEqual(product.marketing_features, [{ name: 'Unlimited projects' }]);
    assert.equal(typeof product.default_price, 'string');

    const expanded = await stripe.products.retrieve(product.id, { expand: ['default_price'] });
    const price = expanded.default_price;
    assert.ok(price && typeof price === 'object');
    assert.equal(price.unit_amount, 2000);
    assert.equal(price.currency, 'usd');
    assert.equal(price.recurring?.interval, 'month');
    assert.equal(price.product, product.id);

    const updated = await stripe.products.update(product.id, { name: 'Pro', metadata: { tier: '', seats: '5' }, description: '' });
    assert.equal(updated.name, 'Pro');
    assert.equal(updated.description, null);
    assert.deepEqual(updated.metadata, { seats: '5' });

    const archived = await stripe.products.update(product.id, { active: false });
    assert.equal(archived.active, false);
    const active = await stripe.products.list({ active: true, limit: 100 });
    assert.ok(!active.data.some((p) => p.id === product.id), 'an archived product is not listed as active');
    const inactive = await stripe.products.list({ active: false });
    assert.ok(inactive.data.some((p) => p.id === product.id));
    const byId = await stripe.products.list({ ids: [product.id] });
    assert.deepEqual(byId.data.map((p) => p.id), [product.id]);
  });

  it('deletes a product without prices, and refuses one with prices', async () => {
    const { stripe } = sdk();
    const bare = await stripe.products.create({ name: 'Short-lived' });
    const deleted = await stripe.products.del(bare.id);
    assert.deepEqual({ ...deleted }, { id: bare.id, object: 'product', deleted: true });
    await assertSdkError(stripe.products.retrieve(bare.id), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: `No such product: '${bare.id}'`,
    });

    const priced = await stripe.products.create({ name: 'Priced', default_price_data: { currency: 'eur', unit_amount: 500 } });
    await assertSdkError(stripe.products.del(priced.id), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'This product cannot be deleted because it has one or more user-created prices.',
    });
    assert.equal((await stripe.products.retrieve(priced.id)).name, 'Priced');
  });

  it('pages through every product', async () => {
    const { stripe } = sdk();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.products.create({ name: `Paged ${i}`, metadata: { group: 'paged' } })).id);
    const seen: string[] = [];
    for await (const product of stripe.products.list({ limit: 2 })) if (product.metadata.group === 'paged') seen.push(product.id);
    assert.deepEqual(seen, ids.reverse());
  });
});
