import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('3-D Secure on a test clock', createTestApi, (api) => {
  const s = scenario(api);

  /** The customer follows a challenge link and presses a button: where they are sent back to. */
  async function authenticate(link: string, outcome: 'complete' | 'fail'): Promise<URL> {
    const path = new URL(link).pathname;
    const page = await (await api().app.request(path)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const res = await api().app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ _csrf: csrf, outcome }).toString(),
    });
    assert.equal(res.status, 303);
    return new URL(res.headers.get('location')!);
  }
  /** Every event since `seq`, as [type, object id], in the order written. */
  const eventsAfter = async (seq: number) =>
    (await api().storage.db.selectFrom('events').select(['seq', 'type', 'data']).where('seq', '>', seq).orderBy('seq', 'asc').execute()).map((r) => [r.type, JSON.parse(r.data).object.id]);
  const lastSeq = async () => Number((await api().storage.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);

  it('starts a subscription incomplete on a card that asks for authentication, and active once the customer authenticates', async () => {
    const { cus, price } = await s.setup(utc('2024-05-01'), 'pm_card_authenticationRequired');
    const before = await lastSeq();
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }], expand: ['latest_invoice.payments'] });
    const invoice = sub.latest_invoice;
    const intent = await s.get(`/v1/payment_intents/${invoice.payments.data[0].payment.payment_intent}`);
    assert.deepEqual([sub.status, invoice.status, intent.status, intent.next_action.type], ['incomplete', 'open', 'requires_action', 'redirect_to_url']);
    const inpay = invoice.payments.data[0].id;

    const back = await authenticate(intent.next_action.redirect_to_url.url, 'complete');
    assert.equal(`${back.origin}${back.pathname}`, invoice.hosted_invoice_url);
    assert.equal(back.searchParams.get('redirect_status'), 'succeeded');
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'active');
    assert.equal((await s.get(`/v1/invoices/${invoice.id}`)).status, 'paid');

    const charge = (await s.get(`/v1/payment_intents/${intent.id}`)).latest_charge;
    assert.deepEqual(await eventsAfter(before), [
      ['invoice.created', invoice.id],
      ['customer.subscription.created', sub.id],
      ['invoice.finalized', invoice.id],
      ['payment_intent.created', intent.id],
      ['payment_intent.requires_action', intent.id],
      ['invoice.payment_action_required', invoice.id],
      ['charge.succeeded', charge],
      ['payment_intent.succeeded', intent.id],
      ['invoice_payment.paid', inpay],
      ['invoice.payment_succeeded', invoice.id],
      ['invoice.paid', invoice.id],
      ['customer.subscription.updated', sub.id],
    ]);
  });

  it('leaves an off-session renewal that asks for authentication past_due, and paying after authentication recovers it', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-05-01'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    assert.equal(sub.status, 'active');
    const sca = await s.post('/v1/payment_methods/pm_card_authenticationRequired/attach', { customer: cus.id });
    await s.post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: sca.id } });

    await s.advance(clock.id, utc('2024-06-01'));
    const pastDue = await s.get(`/v1/subscriptions/${sub.id}`, { expand: ['latest_invoice.payments'] });
    const renewal = pastDue.latest_invoice;
    const intent = await s.get(`/v1/payment_intents/${renewal.payments.data[0].payment.payment_intent}`);
    assert.deepEqual([pastDue.status, renewal.billing_reason, renewal.status, renewal.attempt_count, intent.status], ['past_due', 'subscription_cycle', 'open', 1, 'requires_action']);
    const renewalEvents = (await s.eventsOf(renewal.id)).map(([type]) => type);
    assert.deepEqual(renewalEvents, ['invoice.created', 'invoice.finalized', 'invoice.payment_action_required']);
    assert.ok(!renewalEvents.includes('invoice.payment_failed'));

    // The customer follows the link from the invoice.payment_action_required email and authenticates.
    await s.advance(clock.id, utc('2024-06-02'));
    await authenticate(intent.next_action.redirect_to_url.url, 'complete');
    const recovered = await s.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual([recovered.status, recovered.items.data[0].current_period_start], ['active', utc('2024-06-01')]);
    const paid = await s.get(`/v1/invoices/${renewal.id}`);
    assert.deepEqual([paid.status, paid.amount_paid, paid.next_payment_attempt], ['paid', 2000, null]);
    // No retry is left to charge it again.
    await s.advance(clock.id, utc('2024-06-20'));
    assert.equal((await s.get(`/v1/invoices/${renewal.id}`)).attempt_count, 1);
    assert.equal((await s.get(`/v1/subscriptions/${sub.id}`)).status, 'active');
  });
});
