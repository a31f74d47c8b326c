import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('coupons through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates, lists and deletes coupons', async () => {
    const { stripe } = sdk();
    const percent = await stripe.coupons.create({ percent_off: 25.5, duration: 'repeating', duration_in_months: 6, name: 'Launch', metadata: { team: 'growth' } });
    assert.equal(percent.object, 'coupon');
    assert.equal(percent.percent_off, 25.5);
    assert.deepEqual([percent.duration, percent.duration_in_months, percent.valid, percent.times_redeemed], ['repeating', 6, true, 0]);
    const amount = await stripe.coupons.create({ id: 'TENOFF', amount_off: 1000, currency: 'usd', max_redemptions: 50 });
    assert.deepEqual([amount.id, amount.amount_off, amount.currency, amount.percent_off, amount.duration], ['TENOFF', 1000, 'usd', null, 'once']);

    assert.equal((await stripe.coupons.retrieve('TENOFF')).max_redemptions, 50);
    const renamed = await stripe.coupons.update(percent.id, { name: 'Launch week', metadata: { team: '' } });
    assert.deepEqual([renamed.name, renamed.metadata], ['Launch week', {}]);

    const listed = await stripe.coupons.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(listed.map((c) => c.id), [amount.id, percent.id]);

    const deleted = await stripe.coupons.del('TENOFF');
    assert.deepEqual(deleted, { id: 'TENOFF', object: 'coupon', deleted: true });
    await assertSdkError(stripe.coupons.retrieve('TENOFF'), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such coupon: 'TENOFF'",
    });
  });

  it('surfaces bad terms as StripeInvalidRequestError naming the parameter', async () => {
    const { stripe } = sdk();
    await assertSdkError(stripe.coupons.create({ amount_off: 500 }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_missing',
      param: 'currency',
      message: 'Missing required param: currency (required with amount_off).',
    });
    await assertSdkError(stripe.coupons.create({ percent_off: 150 }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_invalid',
      param: 'percent_off',
      message: /^Invalid decimal: 150\./,
    });
  });
});
