import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { FIRST_TIME_ONLY, redeemPromotionCode, resolvePromotionCode } from './redemption.ts';

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
    const ok = await resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id, amount: 1000, currency: 'USD' });
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
    await refused(resolvePromotionCode(api.ctx(), 'nosuchcode', { customerId: null }), "No active promotion code matches 'nosuchcode'.");
    await refused(resolvePromotionCode(api.ctx(true), 'forjenny', { customerId: customer.id }), "No active promotion code matches 'forjenny'.");
    await post(`/v1/promotion_codes/${p.id}`, { active: false });
    await refused(resolvePromotionCode(api.ctx(), 'forjenny', { customerId: customer.id }), "No active promotion code matches 'forjenny'.");
  });

  it('refuses a first_time_transaction code to a customer who has paid an invoice, here and through the API', async () => {
    const api = get();
    const coupon = await post('/v1/coupons', { percent_off: 25, duration: 'once' });
    const code = await post('/v1/promotion_codes', { coupon: coupon.id, code: 'WELCOME', restrictions: { first_time_transaction: true } });
    const price = await post('/v1/prices', { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const customer = await post('/v1/customers', { name: 'Returning' });
    const card = await post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    await post(`/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: card.id } });
    // A free trial's $0 invoice is no transaction: the code still applies.
    const trial = await post('/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    assert.equal((await resolvePromotionCode(api.ctx(), 'welcome', { customerId: customer.id })).promotionCode.id, code.id);

    await post('/v1/invoiceitems', { customer: customer.id, amount: 500, currency: 'usd' });
    const invoice = await post('/v1/invoices', { customer: customer.id, pending_invoice_items_behavior: 'include' });
    await post(`/v1/invoices/${invoice.id}/finalize`, {});
    const paid = await post(`/v1/invoices/${invoice.id}/pay`, {});
    assert.deepEqual([paid.status, paid.amount_paid], ['paid', 500]);

    const firstOnly = "The promotion code 'WELCOME' is only valid for a customer's first transaction, and this customer has paid before.";
    await assert.rejects(resolvePromotionCode(api.ctx(), 'welcome', { customerId: customer.id }), (err: any) => {
      assert.deepEqual([err.status, err.param, err.code, err.message], [400, 'promotion_code', FIRST_TIME_ONLY, firstOnly]);
      return true;
    });
    const apiRefusal = { status: 400, type: 'invalid_request_error', param: 'promotion_code', code: FIRST_TIME_ONLY, message: firstOnly };
    await expectRejected(api, 'POST', `/v1/subscriptions/${trial.id}`, { params: { discounts: [{ promotion_code: code.id }] } }, apiRefusal);
    await expectRejected(api, 'POST', '/v1/subscriptions', { params: { customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: code.id }] } }, apiRefusal);
    await expectRejected(api, 'POST', '/v1/invoices/create_preview', { params: { subscription: trial.id, discounts: [{ promotion_code: code.id }] } }, apiRefusal);
    assert.equal((await api.call('GET', `/v1/promotion_codes/${code.id}`)).body.times_redeemed, 0, 'nothing redeemed');

    // A new customer redeems it.
    const newcomer = await post('/v1/customers', { name: 'Newcomer' });
    const newCard = await post('/v1/payment_methods/pm_card_visa/attach', { customer: newcomer.id });
    const sub = await post('/v1/subscriptions', { customer: newcomer.id, items: [{ price: price.id }], default_payment_method: newCard.id, discounts: [{ promotion_code: code.id }], expand: ['latest_invoice'] });
    assert.equal(sub.latest_invoice.total, 1500);
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
