import { it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../support/api.ts';
import { rowCounts } from '../support/assertions.ts';
import { openPortal, textOf, timesPaid } from '../support/portal.ts';
import { startSdkServer } from '../support/sdk.ts';
import { startStripeStandin, type CardBehaviour, type StripeStandin } from '../support/stripe-standin.ts';
import { describeEachEngine } from '../support/suite.ts';
import type { Engine } from '../../src/db/engine.ts';
import type { ProcessorAccess } from '../../src/context.ts';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { reconcilePayments } from '../../src/jobs/reconcile-payments.ts';
import { makeProcessor } from '../../src/processors/make.ts';
import { createStripeProcessor } from '../../src/processors/stripe/processor.ts';

/** Stripe's calls give up after a second here, so a late answer is a timeout without a long wait. */
const TIMEOUT_MS = 1000;
const quickStripe: typeof makeProcessor = (credentials, deps) =>
  credentials.kind === 'stripe' ? createStripeProcessor(credentials, deps, { timeoutMs: TIMEOUT_MS }) : makeProcessor(credentials, deps);

/** Bursar on a real port with Stripe (the stand-in) as its test-mode processor, set through the API. */
async function open(engine: Engine) {
  const standin = await startStripeStandin();
  const payments: ProcessorAccess = { stripeApiUrl: standin.url, makeProcessor: quickStripe };
  const server = await startSdkServer(engine, payments);
  const settings = await server.api.call('POST', '/v1/processor_settings', { params: { processor: 'stripe', stripe: { secret_key: 'sk_test_51StandinScenarios0', webhook_secret: standin.webhookSecret } } });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  return {
    ...server,
    standin,
    payments,
    publicUrl: `http://127.0.0.1:${server.port}`,
    webhookUrl: settings.body.stripe.webhook_url as string,
    async close() {
      await server.close();
      await standin.close();
    },
  };
}

describeEachEngine('Stripe as the processor, end to end', open, (get) => {
  const api = () => get().api;
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await api().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const read = async (path: string, params: Record<string, unknown> = {}) => (await api().call('GET', path, { params })).body;
  const requestsTo = (standin: StripeStandin, path: string) => standin.requests.filter((r) => r.method === 'POST' && r.path === path);

  /** The customer adds a card in the portal: Bursar sends them to Stripe's Checkout page, which sends them back. */
  async function addCardInPortal(customer: string, card: CardBehaviour = 'succeed') {
    const { standin } = get();
    const { visitor } = await openPortal(api(), { customer, return_url: 'https://app.example.com/account' });
    await visitor.get('/p/payment-methods');
    const started = await visitor.post('/p/payment-methods/setup');
    assert.equal(started.status, 303);
    const checkout = started.headers.get('location')!;
    assert.ok(checkout.startsWith(`${standin.url}/c/pay/cs_test_`), checkout);
    const saved = await fetch(checkout, { method: 'POST', body: new URLSearchParams({ card }), redirect: 'manual' });
    assert.equal(saved.status, 303);
    const back = new URL(saved.headers.get('location')!);
    assert.equal(back.origin, get().publicUrl);
    const done = await visitor.get(back.pathname + back.search);
    assert.deepEqual([done.status, done.headers.get('location')], [303, '/p/payment-methods?done=card_added']);
    return { visitor, session: checkout.split('/').at(-1)!, cards: (await read(`/v1/customers/${customer}/payment_methods`)).data };
  }

  const stripeCustomerOf = async (customer: string) =>
    (await api().storage.db.selectFrom('processor_customers').select('ref').where('customer', '=', customer).executeTakeFirstOrThrow()).ref;
  const monthly = () => post('/v1/prices', { currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' }, product_data: { name: 'Team' } });

  it("adds a card through Stripe's Checkout page in setup mode, for the customer's Stripe customer, and saves it as the default", async () => {
    const { standin, publicUrl } = get();
    const customer = await post('/v1/customers', { name: 'Ada Lovelace', email: 'ada@example.com' });
    const { session, cards } = await addCardInPortal(customer.id);
    const stripeCustomer = await stripeCustomerOf(customer.id);
    const [created] = requestsTo(standin, '/v1/customers').filter((r) => r.params.metadata?.bursar_customer === customer.id);
    assert.deepEqual([created!.params.email, created!.params.name], ['ada@example.com', 'Ada Lovelace']);
    const [checkout] = requestsTo(standin, '/v1/checkout/sessions').filter((r) => r.params.customer === stripeCustomer);
    assert.deepEqual(
      { mode: checkout!.params.mode, success: checkout!.params.success_url, cancel: checkout!.params.cancel_url, metadata: checkout!.params.metadata },
      { mode: 'setup', success: `${publicUrl}/p/payment-methods/setup/return?setup={CHECKOUT_SESSION_ID}`, cancel: `${publicUrl}/p/payment-methods`, metadata: { bursar_customer: customer.id } },
    );
    assert.equal(standin.objects.get(session).status, 'complete');
    assert.equal(cards.length, 1);
    assert.deepEqual([cards[0].card.brand, cards[0].card.last4, cards[0].customer], ['visa', '4242', customer.id]);
    assert.equal((await read(`/v1/customers/${customer.id}`)).invoice_settings.default_payment_method, cards[0].id);
  });

  it("charges a subscription's first invoice as one PaymentIntent at Stripe, off session, with Bursar's ids, and the subscription is active", async () => {
    const { standin } = get();
    const customer = await post('/v1/customers', { name: 'Grace Hopper' });
    const { cards } = await addCardInPortal(customer.id);
    const price = await monthly();
    const sub = await post('/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], expand: ['latest_invoice.payments'] });
    assert.deepEqual([sub.status, sub.latest_invoice.status, sub.latest_invoice.amount_paid], ['active', 'paid', 2500]);
    const intent = await read(`/v1/payment_intents/${sub.latest_invoice.payments.data[0].payment.payment_intent}`);
    const [charge] = await api().storage.db.selectFrom('charges').selectAll().where('invoice', '=', sub.latest_invoice.id).execute();
    const sent = requestsTo(standin, '/v1/payment_intents').filter((r) => r.params.metadata?.bursar_invoice === sub.latest_invoice.id);
    assert.equal(sent.length, 1);
    const stripePm = standin.objects.get(charge!.processor_ref!).payment_method;
    assert.deepEqual(
      { ...sent[0]!.params, idempotencyKey: sent[0]!.idempotencyKey },
      {
        amount: '2500',
        currency: 'usd',
        customer: await stripeCustomerOf(customer.id),
        payment_method: stripePm,
        allowed_payment_method_types: ['card'],
        confirm: 'true',
        off_session: 'true',
        return_url: sub.latest_invoice.hosted_invoice_url,
        description: `Invoice ${sub.latest_invoice.number}`,
        metadata: { bursar_charge: charge!.id, bursar_payment_intent: intent.id, bursar_invoice: sub.latest_invoice.id, bursar_customer: customer.id, bursar_idempotency_key: charge!.idempotency_key },
        idempotencyKey: charge!.idempotency_key,
      },
    );
    assert.equal(stripePm, (await api().storage.db.selectFrom('payment_methods').select('gateway_card').where('id', '=', cards[0].id).executeTakeFirstOrThrow()).gateway_card);
    assert.deepEqual([intent.status, intent.amount_received, intent.payment_method], ['succeeded', 2500, cards[0].id]);
    assert.equal(standin.objects.get(charge!.processor_ref!).status, 'succeeded');
  });

  it("sends a card that asks for authentication to Stripe's page; Stripe's signed webhook pays the invoice once, and a forged one is refused", async () => {
    const { standin, webhookUrl, publicUrl } = get();
    const customer = await post('/v1/customers', { name: 'Alan Turing' });
    const { visitor } = await addCardInPortal(customer.id, 'authenticate');
    const price = await monthly();
    const sub = await post('/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], expand: ['latest_invoice.payments'] });
    const invoice = sub.latest_invoice;
    const intent = await read(`/v1/payment_intents/${invoice.payments.data[0].payment.payment_intent}`);
    assert.deepEqual([sub.status, invoice.status, intent.status], ['incomplete', 'open', 'requires_action']);
    const [charge] = await api().storage.db.selectFrom('charges').selectAll().where('invoice', '=', invoice.id).execute();
    const stripeIntent = charge!.processor_ref!;
    const bankPage = `${standin.url}/3ds/${stripeIntent}`;
    assert.equal(intent.next_action.redirect_to_url.url, bankPage);

    // In the portal, paying it again with that card leads to the same payment's page at the bank, through Stripe:
    // a second payment beside it, authenticated too, would charge twice.
    assert.equal((await visitor.get(`/p/invoices/${invoice.id}/pay`)).status, 200);
    const paying = await visitor.post(`/p/invoices/${invoice.id}/pay`, { payment_method: (await read(`/v1/customers/${customer.id}`)).invoice_settings.default_payment_method });
    assert.match(paying.html, new RegExp(`<meta http-equiv="refresh" content="0; url=${bankPage}">`));
    assert.match(textOf(paying.html), /Your bank asks you to confirm this payment on its page\./);
    assert.equal(requestsTo(standin, '/v1/payment_intents').filter((r) => r.params.metadata?.bursar_invoice === invoice.id).length, 1);

    // The customer authenticates; Stripe tells Bursar before they are back.
    const authenticated = await fetch(bankPage, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
    const back = new URL(authenticated.headers.get('location')!);
    assert.equal(back.searchParams.get('redirect_status'), 'succeeded');
    const succeeded = standin.lastEvent('payment_intent.succeeded');
    assert.equal((succeeded.data.object as any).id, stripeIntent);
    const deliver = (options: { secret?: string } = {}) => standin.deliver(webhookUrl, succeeded, { timestamp: api().clock.now(), ...options });
    assert.ok(webhookUrl.startsWith(`${publicUrl}/processors/stripe/webhooks/`), webhookUrl);
    assert.equal(await deliver(), 200);
    const paid = await read(`/v1/subscriptions/${sub.id}`, { expand: ['latest_invoice'] });
    assert.deepEqual([paid.status, paid.latest_invoice.status, paid.latest_invoice.amount_paid], ['active', 'paid', 2500]);

    const before = await rowCounts(api().storage.db);
    assert.equal(await deliver(), 200);
    assert.deepEqual(await rowCounts(api().storage.db), before, 'the same delivery again changes nothing');
    assert.equal(await timesPaid(api(), invoice.id), 1);

    assert.equal(await deliver({ secret: 'whsec_notTheSecretOfThisEndpoint' }), 400);
    const refused = await api().storage.db.selectFrom('processor_events').select(['status', 'event_id']).where('status', '=', 'refused').execute();
    assert.ok(refused.some((r) => r.event_id === null), 'the forged delivery is recorded as refused');

    // Back from the bank, the customer's page says the invoice is paid.
    assert.equal(`${back.origin}${back.pathname}`, invoice.hosted_invoice_url);
    const returned = await api().app.request(back.pathname + back.search);
    assert.equal(returned.status, 200);
    assert.match(textOf(await returned.text()), /Paid/);
    assert.equal(await timesPaid(api(), invoice.id), 1);
  });

  /** A subscription whose first invoice waits at Stripe for 3-D Secure, and a second card the customer then pays it with in the portal. */
  async function awaitingThenOtherCard(name: string, beforePaying: (firstIntent: string) => void = () => {}) {
    const { standin } = get();
    const customer = await post('/v1/customers', { name });
    await addCardInPortal(customer.id, 'authenticate');
    const sub = await post('/v1/subscriptions', { customer: customer.id, items: [{ price: (await monthly()).id }] });
    const invoice = await read(`/v1/invoices/${sub.latest_invoice}`);
    const [first] = await api().storage.db.selectFrom('charges').selectAll().where('invoice', '=', invoice.id).execute();
    const firstIntent = first!.processor_ref!;
    assert.equal(standin.objects.get(firstIntent).status, 'requires_action');
    const { visitor, cards } = await addCardInPortal(customer.id);
    const other = cards.find((c: any) => c.card.last4 === '4242');
    beforePaying(firstIntent);
    await visitor.post(`/p/invoices/${invoice.id}/pay`, { payment_method: other.id });
    return { customer, sub, invoice, first: first!, firstIntent };
  }

  it('cancels at Stripe the PaymentIntent awaiting 3-D Secure when the customer pays with another card: the invoice is paid once, the old page no longer charges', async () => {
    const { standin } = get();
    const { sub, invoice, first, firstIntent } = await awaitingThenOtherCard('Barbara Liskov');
    const cancels = requestsTo(standin, `/v1/payment_intents/${firstIntent}/cancel`);
    assert.equal(cancels.length, 1);
    assert.deepEqual([cancels[0]!.params.cancellation_reason, cancels[0]!.idempotencyKey], ['abandoned', `${firstIntent}-cancel`]);
    assert.equal(standin.objects.get(firstIntent).status, 'canceled');
    const paid = await read(`/v1/subscriptions/${sub.id}`, { expand: ['latest_invoice'] });
    assert.deepEqual([paid.status, paid.latest_invoice.status, paid.latest_invoice.amount_paid], ['active', 'paid', 2500]);
    const charges = await api().storage.db.selectFrom('charges').select(['id', 'status', 'check_after']).where('invoice', '=', invoice.id).orderBy('seq').execute();
    assert.deepEqual(charges.map((c) => c.status), ['superseded', 'succeeded']);
    assert.equal(charges[0]!.check_after, null, 'canceled: nothing left for the reconciliation job');
    assert.equal(charges[0]!.id, first.id);

    // The customer opens the old bank page: nothing is awaited any more, and nothing is charged.
    const late = await fetch(`${standin.url}/3ds/${firstIntent}`, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
    assert.equal(late.status, 404);
    assert.throws(() => standin.authenticate(firstIntent, 'complete'), /is canceled, not requires_action/);
    assert.equal(standin.objects.get(firstIntent).status, 'canceled');
    assert.equal(await timesPaid(api(), invoice.id), 1);
  });

  it("records a superseded payment Stripe took before its cancel arrived: its charge succeeded, the amount credited to the customer's balance as the invoice's overpayment", async () => {
    const { standin, payments, publicUrl, webhookUrl } = get();
    const cancelPath = (pi: string) => `/v1/payment_intents/${pi}/cancel`;
    const { customer, invoice, first, firstIntent } = await awaitingThenOtherCard('Frances Allen', (pi) =>
      standin.failNext(1, { status: 500, when: (r) => r.path === cancelPath(pi) }),
    );
    assert.equal(requestsTo(standin, cancelPath(firstIntent)).length, 1);
    assert.equal(standin.objects.get(firstIntent).status, 'requires_action', 'the cancel met a fault');
    assert.deepEqual([(await read(`/v1/invoices/${invoice.id}`)).status, await timesPaid(api(), invoice.id)], ['paid', 1]);

    // Before the cancel is retried, the customer completes the old page: Stripe takes the money and says so.
    standin.authenticate(firstIntent, 'complete');
    const succeeded = standin.lastEvent('payment_intent.succeeded');
    assert.equal((succeeded.data.object as any).id, firstIntent);
    assert.equal(await standin.deliver(webhookUrl, succeeded, { timestamp: api().clock.now() }), 200);

    const charge = await read(`/v1/charges/${first.id}`);
    assert.deepEqual([charge.status, charge.paid, charge.amount], ['succeeded', true, 2500]);
    const balance = await read(`/v1/customers/${customer.id}/balance_transactions`);
    assert.deepEqual(balance.data.map((t: any) => [t.type, t.amount, t.invoice]), [['invoice_overpaid', -2500, invoice.id]]);
    assert.equal((await read(`/v1/customers/${customer.id}`)).balance, -2500);
    assert.equal(await timesPaid(api(), invoice.id), 1);
    const again = await standin.deliver(webhookUrl, succeeded, { timestamp: api().clock.now() });
    assert.equal(again, 200);
    assert.equal((await read(`/v1/customers/${customer.id}`)).balance, -2500, 'the same event credits once');

    // Recorded: the reconciliation job has no cancel left to try.
    const deps = { db: api().storage.db, clock: api().clock, logger: silentLogger, payments, publicUrl };
    api().clock.advance(61);
    assert.deepEqual((await reconcilePayments(deps)).cancels, {});
    assert.equal(requestsTo(standin, cancelPath(firstIntent)).length, 1);
  });

  it('cancels again from the reconciliation job a superseded PaymentIntent whose cancel Stripe did not answer', async () => {
    const { standin, payments, publicUrl } = get();
    const cancelPath = (pi: string) => `/v1/payment_intents/${pi}/cancel`;
    const { first, firstIntent } = await awaitingThenOtherCard('Edsger Dijkstra', (pi) => standin.failNext(1, { status: 500, when: (r) => r.path === cancelPath(pi) }));
    const deps = { db: api().storage.db, clock: api().clock, logger: silentLogger, payments, publicUrl };
    assert.deepEqual((await reconcilePayments(deps)).cancels, {}, 'not yet due');
    api().clock.advance(61);
    assert.deepEqual((await reconcilePayments(deps)).cancels, { canceled: 1 });
    assert.equal(standin.objects.get(firstIntent).status, 'canceled');
    const keys = requestsTo(standin, cancelPath(firstIntent)).map((r) => r.idempotencyKey);
    assert.deepEqual(keys, [`${firstIntent}-cancel`, `${firstIntent}-cancel`]);
    const row = await api().storage.db.selectFrom('charges').select(['status', 'check_after']).where('id', '=', first.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.check_after], ['superseded', null]);
    api().clock.advance(61);
    assert.deepEqual((await reconcilePayments(deps)).cancels, {});
  });

  it('asks Stripe again with the same key about a renewal whose answer timed out: one PaymentIntent, the invoice paid once', async () => {
    const { standin, payments, publicUrl } = get();
    const customer = await post('/v1/customers', { name: 'Katherine Johnson' });
    await addCardInPortal(customer.id);
    const price = await monthly();
    const sub = await post('/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }] });
    assert.equal(sub.status, 'active');
    const deps = { db: api().storage.db, clock: api().clock, logger: silentLogger, payments, publicUrl };

    api().clock.advance(sub.items.data[0].current_period_end - api().clock.now() + 60);
    // Other subscriptions renew too: only this customer's charge meets the late answer.
    standin.failNext(1, { delayMs: TIMEOUT_MS * 3, when: (r) => r.path === '/v1/payment_intents' && r.params.metadata?.bursar_customer === customer.id });
    const renewed = await runDueWork(deps);
    assert.equal(renewed.failed.length, 0);
    const waiting = await read(`/v1/subscriptions/${sub.id}`, { expand: ['latest_invoice'] });
    const renewal = waiting.latest_invoice;
    assert.deepEqual([waiting.status, renewal.billing_reason, renewal.status], ['active', 'subscription_cycle', 'open']);
    const [attempt] = await api().storage.db.selectFrom('charges').selectAll().where('invoice', '=', renewal.id).execute();
    assert.equal(attempt!.status, 'unknown');

    // Not yet due to be asked about; a minute on, asked with the same key.
    assert.deepEqual(await reconcilePayments(deps), { settled: {}, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    api().clock.advance(61);
    assert.deepEqual(await reconcilePayments(deps), { settled: { succeeded: 1 }, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
    const atStripe = [...standin.objects.values()].filter((o) => o.object === 'payment_intent' && o.metadata.bursar_invoice === renewal.id);
    assert.equal(atStripe.length, 1);
    assert.equal(atStripe[0].status, 'succeeded');
    const sentWithKey = standin.requests.filter((r) => r.idempotencyKey === attempt!.idempotency_key);
    assert.ok(sentWithKey.length >= 1 && sentWithKey.every((r) => r.path === '/v1/payment_intents'));
    const after = await read(`/v1/invoices/${renewal.id}`);
    assert.deepEqual([after.status, after.amount_paid], ['paid', 2500]);
    assert.equal(await timesPaid(api(), renewal.id), 1);
    assert.equal((await read(`/v1/subscriptions/${sub.id}`)).status, 'active');
    assert.deepEqual(await reconcilePayments(deps), { settled: {}, unknown: 0, failed: [], refunds: {}, failedRefunds: [], cancels: {} });
  });

  it("sets a card saved through Stripe up as a SetupIntent at Stripe: 3-D Secure on Stripe's page, then its webhook makes it succeed, once", async () => {
    const { standin, webhookUrl } = get();
    const customer = await post('/v1/customers', { name: 'Katherine Johnson' });
    const { cards } = await addCardInPortal(customer.id, 'authenticate');
    const setup = await post('/v1/setup_intents', { customer: customer.id, payment_method: cards[0].id, usage: 'off_session', confirm: true, return_url: 'https://app.example.com/setup-done', metadata: { order: '42' } });
    const [sent, ...more] = requestsTo(standin, '/v1/setup_intents').filter((r) => r.params.metadata?.bursar_setup_intent === setup.id);
    assert.equal(more.length, 0);
    const stripePm = (await api().storage.db.selectFrom('payment_methods').select('gateway_card').where('id', '=', cards[0].id).executeTakeFirstOrThrow()).gateway_card;
    assert.deepEqual(
      { ...sent!.params, idempotencyKey: sent!.idempotencyKey },
      {
        customer: await stripeCustomerOf(customer.id),
        payment_method: stripePm,
        usage: 'off_session',
        confirm: 'true',
        return_url: 'https://app.example.com/setup-done',
        metadata: { bursar_setup_intent: setup.id, bursar_customer: customer.id, bursar_payment_method: cards[0].id },
        idempotencyKey: `bursar_${setup.id}_create_${cards[0].id}`,
      },
    );
    const stripeSetup = standin.events.findLast((e) => e.type === 'setup_intent.requires_action')!.data.object as { id: string };
    assert.deepEqual([setup.status, setup.payment_method, setup.next_action.type], ['requires_action', cards[0].id, 'redirect_to_url']);
    assert.deepEqual(setup.next_action.redirect_to_url, { url: `${standin.url}/3ds/${stripeSetup.id}`, return_url: 'https://app.example.com/setup-done' });

    const authenticated = await fetch(setup.next_action.redirect_to_url.url, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
    const back = new URL(authenticated.headers.get('location')!);
    assert.deepEqual([back.origin + back.pathname, back.searchParams.get('setup_intent'), back.searchParams.get('redirect_status')], ['https://app.example.com/setup-done', stripeSetup.id, 'succeeded']);
    assert.equal((await read(`/v1/setup_intents/${setup.id}`)).status, 'requires_action');

    const succeeded = standin.lastEvent('setup_intent.succeeded');
    assert.equal(await standin.deliver(webhookUrl, succeeded, { timestamp: api().clock.now() }), 200);
    assert.equal(await standin.deliver(webhookUrl, succeeded, { timestamp: api().clock.now() }), 200);
    const done = await read(`/v1/setup_intents/${setup.id}`);
    assert.deepEqual([done.status, done.next_action, done.last_setup_error, done.payment_method], ['succeeded', null, null, cards[0].id]);
    const events = (await read('/v1/events', { type: 'setup_intent.succeeded' })).data.filter((e: any) => e.data.object.id === setup.id);
    assert.equal(events.length, 1);
    assert.equal((await read(`/v1/customers/${customer.id}/payment_methods`)).data.length, 1);
  });

  it('a card Stripe declines leaves the SetupIntent waiting for another card, with last_setup_error', async () => {
    const { standin } = get();
    const customer = await post('/v1/customers', { name: 'Dorothy Vaughan' });
    const { cards } = await addCardInPortal(customer.id, 'decline');
    const created = await post('/v1/setup_intents', { customer: customer.id, payment_method: cards[0].id });
    assert.equal(created.status, 'requires_confirmation');
    const sentFor = () => requestsTo(standin, '/v1/setup_intents').filter((r) => r.params.metadata?.bursar_setup_intent === created.id);
    assert.equal(sentFor().length, 0);
    const failed = await post(`/v1/setup_intents/${created.id}/confirm`, { return_url: 'https://app.example.com/setup-done' });
    assert.deepEqual([failed.status, failed.payment_method, failed.next_action, sentFor().length], ['requires_payment_method', null, null, 1]);
    assert.deepEqual(
      { type: failed.last_setup_error.type, code: failed.last_setup_error.code, decline_code: failed.last_setup_error.decline_code, message: failed.last_setup_error.message },
      { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
    );
    const refused = await api().call('POST', '/v1/setup_intents', { params: { customer: customer.id, payment_method: 'pm_card_visa', confirm: true } });
    assert.deepEqual([refused.status, refused.body.error.param], [404, 'payment_method']);
  });

  it('makes the Stripe customer after its own commit when none is kept; a refusal there leaves the SetupIntent to confirm again', async () => {
    const { standin } = get();
    const customer = await post('/v1/customers', { name: 'Mary Jackson' });
    const { cards } = await addCardInPortal(customer.id);
    await api().storage.db.deleteFrom('processor_customers').where('customer', '=', customer.id).execute();
    const created = await post('/v1/setup_intents', { customer: customer.id, payment_method: cards[0].id });
    standin.failNext(1, { status: 500, when: (r) => r.path === '/v1/customers' && r.params.metadata?.bursar_customer === customer.id });
    const refused = await api().call('POST', `/v1/setup_intents/${created.id}/confirm`, { params: {} });
    assert.equal(refused.status, 502, JSON.stringify(refused.body));
    assert.equal((await read(`/v1/setup_intents/${created.id}`)).status, 'requires_confirmation');
    const done = await post(`/v1/setup_intents/${created.id}/confirm`, {});
    assert.equal(done.status, 'succeeded');
    const [sent] = requestsTo(standin, '/v1/setup_intents').filter((r) => r.params.metadata?.bursar_setup_intent === created.id);
    assert.equal(sent!.params.customer, await stripeCustomerOf(customer.id));
  });

  it("a failed 3-D Secure on Stripe's page: Stripe's setup_failed webhook leaves the SetupIntent waiting for another card", async () => {
    const { standin, webhookUrl } = get();
    const customer = await post('/v1/customers', { name: 'Annie Easley' });
    const { cards } = await addCardInPortal(customer.id, 'authenticate');
    const setup = await post('/v1/setup_intents', { customer: customer.id, payment_method: cards[0].id, confirm: true, return_url: 'https://app.example.com/setup-done' });
    assert.equal(setup.status, 'requires_action');
    const failed = await fetch(setup.next_action.redirect_to_url.url, { method: 'POST', body: new URLSearchParams({ outcome: 'fail' }), redirect: 'manual' });
    assert.equal(new URL(failed.headers.get('location')!).searchParams.get('redirect_status'), 'failed');
    assert.equal(await standin.deliver(webhookUrl, standin.lastEvent('setup_intent.setup_failed'), { timestamp: api().clock.now() }), 200);
    const after = await read(`/v1/setup_intents/${setup.id}`);
    assert.deepEqual([after.status, after.next_action, after.payment_method, after.last_setup_error.code], ['requires_payment_method', null, null, 'setup_intent_authentication_failure']);
  });

  it("a confirmation Stripe did not answer in time stays processing until Stripe's webhook names the SetupIntent", async () => {
    const { standin, webhookUrl } = get();
    const customer = await post('/v1/customers', { name: 'Christine Darden' });
    const { cards } = await addCardInPortal(customer.id);
    standin.failNext(1, { delayMs: TIMEOUT_MS * 3, when: (r) => r.path === '/v1/setup_intents' && r.params.metadata?.bursar_customer === customer.id });
    const setup = await post('/v1/setup_intents', { customer: customer.id, payment_method: cards[0].id, confirm: true });
    assert.deepEqual([setup.status, setup.next_action], ['processing', null]);
    const succeeded = standin.events.findLast((e) => e.type === 'setup_intent.succeeded' && (e.data.object as { metadata: Record<string, string> }).metadata.bursar_setup_intent === setup.id)!;
    assert.equal(await standin.deliver(webhookUrl, succeeded, { timestamp: api().clock.now() }), 200);
    assert.equal((await read(`/v1/setup_intents/${setup.id}`)).status, 'succeeded');
  });
});
