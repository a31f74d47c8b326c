import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { redeemPromotionCode, resolvePromotionCode } from './redemption.ts';

describeEachEngine('promotion code redemption', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown>) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  /** The call is refused with a 400 naming promotion_code and this message. */
  const refused = (promise: Promise<unknown>, message: string) =>
    assert.rejects(promise, (err: any) => {
      assert.deepEqual([err.status, err.param, err.message], [400, 'promotion_code', message]);
      return true;
    });

  it('resolves a code in any case to its coupon, within its restrictions', async () => {
    const api = get();
    const coupon = await post('/v1/coupons', { percent_off: '12.5', duration: 'forever' });
    const customer = await post('/v1/customers', { name: 'Jenny' });
    const p = await post('/v1/promotion_codes', {
      coupon: coupon.id,
      code: 'ForJenny',
      customer: customer.id,
      restrictions: { first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: 'usd', currency_options: { eur: { minimum_amount: 900 } } },
    });
    const ok = await resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id, amount: 1000, currency: 'USD', firstTransaction: true });
    assert.deepEqual(ok, { coupon, promotionCode: p });
    assert.equal((await resolvePromotionCode(api.ctx(), 'FORJENNY', { customerId: customer.id, amount: 900, currency: 'eur' })).coupon.id, coupon.id);

    await refused(resolvePromotionCode(api.ctx(), 'forjenny', { customerId: null }), "The promotion code 'ForJenny' belongs to another customer.");
    await refused(
      resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id, amount: 999, currency: 'usd' }),
      "The promotion code 'ForJenny' needs an amount of at least 1000 (usd, in minor units).",
    );
    await refused(
      resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id, amount: 899, currency: 'eur' }),
      "The promotion code 'ForJenny' needs an amount of at least 900 (eur, in minor units).",
    );
    await refused(
      resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id, firstTransaction: false }),
      "The promotion code 'ForJenny' is only valid on a customer's first transaction.",
    );
    await refused(resolvePromotionCode(api.ctx(), 'nosuchcode', { customerId: null }), "No active promotion code matches 'nosuchcode'.");
    await refused(resolvePromotionCode(api.ctx(true), 'forjenny', { customerId: customer.id }), "No active promotion code matches 'forjenny'.");
    await post(`/v1/promotion_codes/${p.id}`, { active: false });
    await refused(resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id }), "No active promotion code matches 'forjenny'.");
  });

  it('refuses an expired code, a code of a deleted coupon and an amount off in another currency', async () => {
    const api = get();
    const tenOff = await post('/v1/coupons', { amount_off: 1000, currency: 'usd' });
    await post('/v1/promotion_codes', { coupon: tenOff.id, code: 'TENOFF', expires_at: api.clock.now() + 60 });
    await refused(
      resolvePromotionCode(api.ctx(), 'tenoff', { customerId: null, amount: 5000, currency: 'eur' }),
      "The promotion code 'TENOFF' takes an amount off in usd; it cannot apply to eur.",
    );
    api.clock.advance(60);
    await refused(resolvePromotionCode(api.ctx(), 'tenoff', { customerId: null }), "The promotion code 'TENOFF' has expired.");

    const gone = await post('/v1/coupons', { percent_off: 5 });
    await post('/v1/promotion_codes', { coupon: gone.id, code: 'GONE' });
    await api.call('DELETE', `/v1/coupons/${gone.id}`);
    await refused(resolvePromotionCode(api.ctx(), 'gone', { customerId: null }), "The coupon of promotion code 'GONE' is no longer valid.");
  });

  it('counts redemptions of the code and its coupon, up to either max_redemptions', async () => {
    const api = get();
    const coupon = await post('/v1/coupons', { percent_off: 50, max_redemptions: 3 });
    const twice = await post('/v1/promotion_codes', { coupon: coupon.id, code: 'TWICE', max_redemptions: 2 });
    const other = await post('/v1/promotion_codes', { coupon: coupon.id, code: 'OTHER' });

    assert.equal((await redeemPromotionCode(api.ctx(), twice.id)).times_redeemed, 1);
    assert.equal((await redeemPromotionCode(api.ctx(), twice.id)).times_redeemed, 2);
    const maxed = "The promotion code 'TWICE' has reached its maximum number of redemptions.";
    await refused(redeemPromotionCode(api.ctx(), twice.id), maxed);
    await refused(resolvePromotionCode(api.ctx(), 'twice', { customerId: null }), maxed);
    assert.equal((await api.call('GET', `/v1/coupons/${coupon.id}`)).body.times_redeemed, 2);

    await redeemPromotionCode(api.ctx(), other.id);
    const spent = (await api.call('GET', `/v1/coupons/${coupon.id}`)).body;
    assert.deepEqual([spent.times_redeemed, spent.valid], [3, false]);
    await refused(redeemPromotionCode(api.ctx(), other.id), `Coupon ${coupon.id} is no longer valid: it cannot be redeemed.`);
    await refused(resolvePromotionCode(api.ctx(), 'other', { customerId: null }), "The coupon of promotion code 'OTHER' is no longer valid.");

    await assert.rejects(redeemPromotionCode(api.ctx(true), other.id), { status: 404, param: 'promotion_code' });
  });
});
