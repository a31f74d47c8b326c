import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { TEST_CARDS } from '../../processors/test/test-cards.ts';

const createCard = (api: TestApi, card: Record<string, unknown>, key?: string) =>
  api.call('POST', '/v1/payment_methods', { key, params: { type: 'card', card: { exp_month: 12, exp_year: 2030, ...card } } });

describeEachEngine('payment methods', createTestApi, (get) => {
  it("accepts every one of Stripe's test card numbers", async () => {
    const api = get();
    for (const card of TEST_CARDS) {
      const res = await createCard(api, { number: card.number, cvc: '123' });
      assert.equal(res.status, 200, `${card.number}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.card.brand, card.brand);
      assert.equal(res.body.card.last4, card.number.slice(-4));
      assert.equal(res.body.card.funding, card.funding);
      assert.match(res.body.card.fingerprint, /^[0-9a-f]{16}$/);
    }
    const spaced = await createCard(api, { number: '4242 4242 4242 4242' });
    assert.equal(spaced.body.card.last4, '4242');
  });

  it('refuses a real (non-test) card number in test mode', async () => {
    await expectRejected(get(), 'POST', '/v1/payment_methods', { params: { type: 'card', card: { number: '4111111111111111', exp_month: 12, exp_year: 2030 } } }, {
      status: 402,
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'live_mode_test_card',
      param: 'card[number]',
      message:
        'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
    });
  });

  it('refuses a number that fails the Luhn check', async () => {
    for (const number of ['4242424242424241', '1234', '4242-4242-abcd-4242']) {
      await expectRejected(get(), 'POST', '/v1/payment_methods', { params: { type: 'card', card: { number, exp_month: 12, exp_year: 2030 } } }, {
        status: 402,
        type: 'card_error',
        code: 'incorrect_number',
        param: 'card[number]',
        message: 'Your card number is incorrect.',
      });
    }
  });

  it('refuses an expired or impossible expiry date', async (t) => {
    const api = get();
    // The test clock stands at 2026-01-01.
    const cases = [
      { exp_month: 12, exp_year: 2025, code: 'invalid_expiry_year', param: 'card[exp_year]', message: "Your card's expiration year is invalid." },
      { exp_month: 13, exp_year: 2030, code: 'invalid_expiry_month', param: 'card[exp_month]', message: "Your card's expiration month is invalid." },
    ];
    for (const { exp_month, exp_year, ...error } of cases) {
      const params = { type: 'card', card: { number: '4242424242424242', exp_month, exp_year } };
      await expectRejected(api, 'POST', '/v1/payment_methods', { params }, { status: 402, type: 'card_error', ...error });
    }
    const start = api.clock.now();
    t.after(() => api.clock.set(start));
    api.clock.advance(60 * 24 * 60 * 60); // March 2026: January has passed.
    await expectRejected(api, 'POST', '/v1/payment_methods', { params: { type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2026 } } }, {
      status: 402,
      type: 'card_error',
      code: 'expired_card',
      param: 'card[exp_month]',
      message: "Your card's expiration date is in the past.",
    });
    const current = await createCard(api, { number: '4242424242424242', exp_month: 3, exp_year: 26 });
    assert.equal(current.status, 200, 'a card expiring this month is still valid');
    assert.equal(current.body.card.exp_year, 2026);
  });

  it('checks a new expiry date of a saved card as it checks a new card', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Renewed card' } })).body;
    const card = (await api.call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } })).body;
    const update = (expiry: Record<string, number>, error: { code: string; param: string; message: string }) =>
      expectRejected(api, 'POST', `/v1/payment_methods/${card.id}`, { params: { card: expiry } }, { status: 402, type: 'card_error', ...error });
    const badYear = { code: 'invalid_expiry_year', param: 'card[exp_year]', message: "Your card's expiration year is invalid." };
    await update({ exp_year: 2_147_483_648 }, badYear);
    await update({ exp_year: 2025 }, badYear);
    await update({ exp_month: 1, exp_year: 2077 }, badYear);
    const renewed = await api.call('POST', `/v1/payment_methods/${card.id}`, { params: { card: { exp_month: 4, exp_year: 31 } } });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.deepEqual([renewed.body.card.exp_month, renewed.body.card.exp_year], [4, 2031]);
  });

  it('never stores the full card number', async () => {
    const api = get();
    const number = '5200828282828210';
    const created = (await createCard(api, { number, cvc: '314' })).body;
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Card holder' } })).body;
    await api.call('POST', `/v1/payment_methods/${created.id}/attach`, { params: { customer: customer.id } });
    await api.call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } });
    const rows = await api.storage.db.selectFrom('payment_methods').selectAll().execute();
    assert.ok(rows.some((r) => r.id === created.id));
    const stored = JSON.stringify(rows);
    for (const full of [number, '4242424242424242']) assert.ok(!stored.includes(full), `${full} is stored`);
    const db = api.storage.db;
    const elsewhere = JSON.stringify([await db.selectFrom('events').selectAll().execute(), await db.selectFrom('idempotency_keys').selectAll().execute()]);
    assert.ok(!elsewhere.includes(number), 'the number is in an event or idempotency record');
    assert.ok(!`${stored}${elsewhere}`.includes('"314"'), 'the CVC is stored');
  });

  it('declines on attach a card created from a declining test number', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Unlucky' } })).body;
    const pm = (await createCard(api, { number: '4000000000009995' })).body;
    await expectRejected(api, 'POST', `/v1/payment_methods/${pm.id}/attach`, { params: { customer: customer.id } }, {
      status: 402,
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      payment_method: pm,
    });
    assert.equal((await api.call('GET', `/v1/payment_methods/${pm.id}`)).body.customer, null);
  });

  it('refuses to collect cards in live mode', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { key: api.keys.live, params: { name: 'Live' } })).body;
    const error = {
      status: 400,
      type: 'invalid_request_error',
      code: 'payment_gateway_unavailable',
      message:
        'Card collection and charging are unavailable in live mode: no payment processor is configured. Set one with POST /v1/processor_settings or `bursar processors set --mode live`, or use a test key (sk_test_…) with the built-in test gateway.',
    };
    const card = { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } };
    await expectRejected(api, 'POST', '/v1/payment_methods', { key: api.keys.live, params: card }, error);
    await expectRejected(api, 'POST', '/v1/payment_methods/pm_card_visa/attach', { key: api.keys.live, params: { customer: customer.id } }, error);
    await expectRejected(api, 'POST', '/v1/customers', { key: api.keys.live, params: { payment_method: 'pm_card_visa' } }, error);
  });

  it('clears the default card when it is detached, with a customer.updated event', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Default holder' } })).body;
    const pm = (await api.call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } })).body;
    const other = (await api.call('POST', '/v1/payment_methods/pm_card_amex/attach', { params: { customer: customer.id } })).body;
    await api.call('POST', `/v1/customers/${customer.id}`, { params: { invoice_settings: { default_payment_method: pm.id } } });

    await api.call('POST', `/v1/payment_methods/${other.id}/detach`);
    const stillDefault = (await api.call('GET', `/v1/customers/${customer.id}`)).body;
    assert.equal(stillDefault.invoice_settings.default_payment_method, pm.id, 'detaching another card keeps the default');

    const detach = await api.call('POST', `/v1/payment_methods/${pm.id}/detach`);
    assert.equal(detach.status, 200);
    assert.equal(detach.body.customer, null);
    const after = (await api.call('GET', `/v1/customers/${customer.id}`)).body;
    assert.equal(after.invoice_settings.default_payment_method, null);

    const events = (await api.call('GET', '/v1/events', { params: { limit: 3 } })).body.data;
    assert.deepEqual(events.map((e: { type: string }) => e.type), ['payment_method.detached', 'customer.updated', 'payment_method.detached']);
    const updated = events[1];
    assert.equal(updated.data.object.id, customer.id);
    assert.equal(updated.data.object.invoice_settings.default_payment_method, null);
    assert.deepEqual(updated.data.previous_attributes, { invoice_settings: { default_payment_method: pm.id } });
    assert.equal(events[0].data.object.id, pm.id);
    assert.equal(events[0].request.id, updated.request.id, 'both events come from the one detach request');
  });
});
