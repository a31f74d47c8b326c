import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('promotion codes through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates and lists promotion codes, expanding the coupon', async () => {
    const { stripe } = sdk();
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' });
    const customer = await stripe.customers.create({ email: 'vip@example.com' });
    const code = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'VIP20',
      customer: customer.id,
      max_redemptions: 10,
      restrictions: { minimum_amount: 2000, minimum_amount_currency: 'usd' },
      expand: ['promotion.coupon'],
    });
    assert.match(code.id, /^promo_/);
    assert.equal(code.object, 'promotion_code');
    assert.equal(code.code, 'VIP20');
    assert.equal(code.promotion.type, 'coupon');
    const expanded = code.promotion.coupon;
    assert.ok(expanded && typeof expanded === 'object');
    assert.deepEqual([expanded.id, expanded.percent_off], [coupon.id, 20]);
    assert.deepEqual(code.restrictions, { currency_options: {}, first_time_transaction: false, minimum_amount: 2000, minimum_amount_currency: 'usd' });

    const retrieved = await stripe.promotionCodes.retrieve(code.id, { expand: ['customer'] });
    assert.ok(retrieved.customer && typeof retrieved.customer === 'object' && !retrieved.customer.deleted);
    assert.equal(retrieved.customer.email, 'vip@example.com');

    const paused = await stripe.promotionCodes.update(code.id, { active: false, metadata: { reason: 'paused' } });
    assert.deepEqual([paused.active, paused.metadata], [false, { reason: 'paused' }]);
    const generated = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
    assert.match(generated.code, /^[A-Z0-9]+$/);

    assert.deepEqual((await stripe.promotionCodes.list({ code: 'vip20' })).data.map((p) => p.id), [code.id]);
    assert.deepEqual((await stripe.promotionCodes.list({ coupon: coupon.id, active: true })).data.map((p) => p.id), [generated.id]);
    const all = await stripe.promotionCodes.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((p) => p.id), [generated.id, code.id]);
  });

  it('refuses a second active code and a missing coupon as StripeInvalidRequestError', async () => {
    const { stripe } = sdk();
    const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'eur' });
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'ONCE' });
    await assertSdkError(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'once' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'resource_already_exists',
      param: 'code',
      message: 'An active promotion code with `code: once` already exists.',
    });
    await assertSdkError(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'missing' } }), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'promotion[coupon]',
      message: "No such coupon: 'missing'",
    });
  });
});
