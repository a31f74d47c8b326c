import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { expectRejected } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';
import { isProration } from '../../src/modules/invoices/line-text.ts';

describeEachEngine('trials ending without a payment method, on a test clock', createTestApi, (api) => {
  const s = scenario(api);
  /** A 14-day trial from Jan 31 2024 (ending Feb 14) for a customer with no card, ending as `missing` says. */
  async function cardlessTrial(missing: string) {
    const clock = await s.post('/v1/test_helpers/test_clocks', { frozen_time: utc('2024-01-31') });
    const cus = await s.post('/v1/customers', { email: 'kim@example.com', test_clock: clock.id });
    const price = await s.price(2000);
    const trial_settings = { end_behavior: { missing_payment_method: missing } };
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], trial_period_days: 14, trial_settings });
    assert.deepEqual(sub.trial_settings, { end_behavior: { billing_cycle_anchor: null, ...trial_settings.end_behavior } });
    return { clock, cus, sub };
  }
  const addCard = async (cus: string) => {
    const card = await s.post('/v1/payment_methods/pm_card_visa/attach', { customer: cus });
    await s.post(`/v1/customers/${cus}`, { invoice_settings: { default_payment_method: card.id } });
  };
  const billed = async (cus: string, sub: string) => (await s.invoicesOf(cus, sub)).map((i: any) => [i.billing_reason, i.status, i.total]);

  it('pauses at the trial end without an invoice, and resumes with a new period invoiced now', async () => {
    const { clock, cus, sub } = await cardlessTrial('pause');
    await s.advance(clock.id, utc('2024-03-20'));
    const paused = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([paused.status, paused.items.data[0].current_period_end], ['paused', utc('2024-02-14')]);
    assert.deepEqual(await billed(cus.id, sub.id), [['subscription_create', 'paid', 0]]);
    assert.deepEqual((await s.eventsOf(sub.id)).slice(1), [
      ['customer.subscription.trial_will_end', utc('2024-02-11')],
      ['customer.subscription.updated', utc('2024-02-14')],
      ['customer.subscription.paused', utc('2024-02-14')],
    ]);

    await addCard(cus.id);
    const resumed = await s.post(`/v1/subscriptions/${sub.id}/resume`, { expand: ['latest_invoice'] });
    assert.deepEqual([resumed.status, resumed.items.data[0].current_period_start, resumed.items.data[0].current_period_end, resumed.billing_cycle_anchor], ['active', utc('2024-03-20'), utc('2024-04-20'), utc('2024-03-20')]);
    assert.deepEqual([resumed.latest_invoice.billing_reason, resumed.latest_invoice.status, resumed.latest_invoice.amount_paid], ['subscription_update', 'paid', 2000]);
    const types = (await s.eventsOf(sub.id)).map(([type]) => type);
    assert.deepEqual(types.slice(4), ['customer.subscription.resumed', 'customer.subscription.updated']);
    await s.advance(clock.id, utc('2024-04-21'));
    assert.deepEqual((await billed(cus.id, sub.id)).at(-1), ['subscription_cycle', 'paid', 2000]);

    await expectRejected(api(), 'POST', `/v1/subscriptions/${sub.id}/resume`, {}, {
      status: 400, type: 'invalid_request_error', param: 'id',
      message: `Subscription ${sub.id} cannot be resumed because its status is active: only a paused subscription can be resumed.`,
    });
  });

  it('resumes with billing_cycle_anchor=unchanged, prorating the rest of the period onto the next invoice', async () => {
    const { clock, cus, sub } = await cardlessTrial('pause');
    await s.advance(clock.id, utc('2024-03-01'));
    await addCard(cus.id);
    const resumed = await s.post(`/v1/subscriptions/${sub.id}/resume`, { billing_cycle_anchor: 'unchanged' });
    assert.deepEqual([resumed.status, resumed.items.data[0].current_period_start, resumed.items.data[0].current_period_end], ['active', utc('2024-02-14'), utc('2024-03-14')]);
    await s.advance(clock.id, utc('2024-03-15'));
    const [, renewal] = await s.invoicesOf(cus.id, sub.id);
    // Mar 1 → Mar 14 of Feb 14 → Mar 14: 2000 × 13/29 = 896.55 → 897.
    assert.deepEqual(renewal.lines.data.map((l: any) => [l.amount, isProration(l)]), [[897, true], [2000, false]]);
    assert.deepEqual([renewal.billing_reason, renewal.status, renewal.amount_paid], ['subscription_cycle', 'paid', 2897]);
  });

  it('cancels at the trial end with missing_payment_method=cancel', async () => {
    const { clock, cus, sub } = await cardlessTrial('cancel');
    await s.advance(clock.id, utc('2024-02-20'));
    const ended = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([ended.status, ended.ended_at, ended.canceled_at], ['canceled', utc('2024-02-14'), utc('2024-02-14')]);
    assert.deepEqual((await s.eventsOf(sub.id)).at(-1), ['customer.subscription.deleted', utc('2024-02-14')]);
    assert.deepEqual(await billed(cus.id, sub.id), [['subscription_create', 'paid', 0]]);
  });

  it('invoices at the trial end with create_invoice: past_due until a card pays it', async () => {
    const { clock, cus, sub } = await cardlessTrial('create_invoice');
    await s.advance(clock.id, utc('2024-02-20'));
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'past_due');
    const [, renewal] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([renewal.status, renewal.attempt_count], ['open', 0]);
    await addCard(cus.id);
    assert.deepEqual([(await s.get(`/v1/invoices/${renewal.id}`)).status, (await s.get(`/v1/subscriptions/${sub.id}`)).status], ['paid', 'active']);
  });
});
