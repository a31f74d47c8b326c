import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import type { Engine } from '../../src/db/engine.ts';
import { DEFAULT_DUNNING } from '../../src/modules/subscriptions/dunning.ts';
import { scenario, utc } from './support.ts';

/** A monthly subscription from Jan 31 2024, paid at once, whose customer's default card then declines. */
async function failingSubscription(s: ReturnType<typeof scenario>) {
  const start = await s.setup(utc('2024-01-31'));
  const sub = await s.post('/v1/subscriptions', { customer: start.cus.id, items: [{ price: start.price.id }] });
  const failing = await s.post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: start.cus.id });
  await s.post(`/v1/customers/${start.cus.id}`, { invoice_settings: { default_payment_method: failing.id } });
  return { ...start, sub };
}

describeEachEngine('failed renewals on a test clock', createTestApi, (api) => {
  const s = scenario(api);

  it('goes past_due, retries on days 3 and 8, and recovers at once on a new default card', async () => {
    const { clock, cus, sub } = await failingSubscription(s);
    await s.advance(clock.id, utc('2024-03-01'));
    const pastDue = await s.get(`/v1/subscriptions/${sub.id}`);
    const [, renewal] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([pastDue.status, renewal.status, renewal.attempt_count], ['past_due', 'open', 1]);
    const nextAttempt = async () => (await s.get(`/v1/invoices/${renewal.id}`)).next_payment_attempt;
    assert.equal(renewal.next_payment_attempt, utc('2024-03-03'));
    await s.advance(clock.id, utc('2024-03-02'));
    assert.equal((await s.get(`/v1/invoices/${renewal.id}`)).attempt_count, 1);
    await s.advance(clock.id, utc('2024-03-03')); // Feb 29 + 3 days
    assert.equal((await s.get(`/v1/invoices/${renewal.id}`)).attempt_count, 2);
    assert.equal(await nextAttempt(), utc('2024-03-08')); // Feb 29 + 8 days
    await s.advance(clock.id, utc('2024-03-09')); // Mar 3 + 5 days
    assert.equal((await s.get(`/v1/invoices/${renewal.id}`)).attempt_count, 3);

    const card = await s.post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await s.post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: card.id } });
    const paid = await s.get(`/v1/invoices/${renewal.id}`);
    assert.deepEqual([paid.status, paid.amount_paid, paid.attempt_count, paid.next_payment_attempt], ['paid', 2000, 4, null]);
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'active');
    const failures = (await s.eventsOf(renewal.id)).filter(([type]) => type === 'invoice.payment_failed').map(([, at]) => at);
    assert.deepEqual(failures, [utc('2024-02-29'), utc('2024-03-03'), utc('2024-03-08')]);
  });

  it('ends canceled when every retry failed, on day 15', async () => {
    const { clock, cus, sub } = await failingSubscription(s);
    await s.advance(clock.id, utc('2024-03-14'));
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'past_due');
    await s.advance(clock.id, utc('2024-03-20'));
    const ended = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([ended.status, ended.ended_at, ended.cancellation_details.reason], ['canceled', utc('2024-03-15'), 'payment_failed']);
    const invoices = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.status, i.attempt_count, i.next_payment_attempt]), [['subscription_create', 'paid', 1, null], ['subscription_cycle', 'open', 4, null]]);
  });
});

const unpaidWhenExhausted = (engine: Engine) => createTestApi(engine, undefined, { dunning: { ...DEFAULT_DUNNING, exhausted: 'unpaid' } });

describeEachEngine('failed renewals ending unpaid (--dunning-exhausted unpaid)', unpaidWhenExhausted, (api) => {
  const s = scenario(api);

  it('ends unpaid on day 15, its invoice left open and no longer retried', async () => {
    const { clock, cus, sub } = await failingSubscription(s);
    await s.advance(clock.id, utc('2024-03-20'));
    const unpaid = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([unpaid.status, unpaid.ended_at, unpaid.canceled_at], ['unpaid', null, null]);
    assert.deepEqual((await s.eventsOf(sub.id)).at(-1), ['customer.subscription.updated', utc('2024-03-15')]);
    await s.advance(clock.id, utc('2024-03-30'));
    const [, renewal] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([renewal.status, renewal.attempt_count, renewal.next_payment_attempt], ['open', 4, null]);
  });

  it('keeps renewing while unpaid, into drafts that are not charged; paying the latest makes it active', async () => {
    const { clock, cus, sub } = await failingSubscription(s);
    await s.advance(clock.id, utc('2024-05-15'));
    const unpaid = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([unpaid.status, unpaid.items.data[0].current_period_start, unpaid.items.data[0].current_period_end], ['unpaid', utc('2024-04-30'), utc('2024-05-31')]);
    const invoices = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual(invoices.map((i: any) => [i.billing_reason, i.status, i.attempt_count, i.auto_advance, i.total]), [
      ['subscription_create', 'paid', 1, true, 2000],
      ['subscription_cycle', 'open', 4, true, 2000],
      ['subscription_cycle', 'draft', 0, false, 2000],
      ['subscription_cycle', 'draft', 0, false, 2000],
    ]);
    assert.deepEqual(invoices[3].lines.data[0].period, { start: utc('2024-04-30'), end: utc('2024-05-31') });
    assert.equal(unpaid.latest_invoice, invoices[3].id);

    const card = await s.post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await s.post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: card.id } });
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'unpaid');
    await s.post(`/v1/invoices/${invoices[3].id}/finalize`);
    await s.post(`/v1/invoices/${invoices[3].id}/pay`);
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'active');
    await s.advance(clock.id, utc('2024-06-01'));
    const next = (await s.invoicesOf(cus.id, sub.id)).at(-1);
    assert.deepEqual([next.status, next.amount_paid], ['paid', 2000]);
  });
});
