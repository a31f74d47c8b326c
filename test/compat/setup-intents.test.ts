import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('setup intents through the stripe SDK', startSdkServer, (sdk) => {
  /** The customer follows the test challenge link and presses a button, as in a browser: where they are sent back. */
  async function authenticate(link: string, outcome: 'complete' | 'fail'): Promise<URL> {
    const page = await fetch(link);
    const html = await page.text();
    assert.match(html, /Authenticate this payment/);
    assert.doesNotMatch(html, /Amount/, 'a setup charges nothing');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await fetch(link, { method: 'POST', body: new URLSearchParams({ _csrf: csrf, outcome }), redirect: 'manual', headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(res.status, 303);
    return new URL(res.headers.get('location')!);
  }

  /** Charges the card off-session for an invoice, as a renewal would. */
  async function chargeOffSession(stripe: Stripe, customer: string, pm: string): Promise<Stripe.Invoice> {
    await stripe.invoiceItems.create({ customer, amount: 1500, currency: 'eur' });
    const draft = await stripe.invoices.create({ customer, pending_invoice_items_behavior: 'include', default_payment_method: pm, auto_advance: false });
    await stripe.invoices.finalizeInvoice(draft.id!);
    return stripe.invoices.pay(draft.id!, { off_session: true });
  }

  for (const [name, card] of [
    ['pm_card_authenticationRequiredOnSetup', 'pm_card_authenticationRequiredOnSetup'],
    ['4000003800000446', 'pm_card_authenticationRequiredSetupForOffSession'],
  ] as const) {
    it(`a card that asks for authentication on setup (${name}): authenticated on the challenge page, then charged off-session without asking again`, async () => {
      const { stripe, api } = sdk();
      const customer = await stripe.customers.create({ email: 'setup@example.com' });
      const created = await stripe.setupIntents.create({ customer: customer.id, payment_method: card, usage: 'off_session', confirm: true, return_url: 'https://app.example.com/cards/done', metadata: { order: '42' } });
      assert.match(created.id, /^seti_/);
      assert.deepEqual([created.object, created.status, created.usage, created.customer, created.metadata], ['setup_intent', 'requires_action', 'off_session', customer.id, { order: '42' }]);
      assert.match(created.client_secret!, new RegExp(`^${created.id}_secret_`));
      assert.equal(created.next_action?.type, 'redirect_to_url');
      assert.equal(created.next_action?.redirect_to_url?.return_url, 'https://app.example.com/cards/done');
      const pm = created.payment_method as string;
      assert.match(pm, /^pm_/);
      assert.deepEqual((await stripe.paymentMethods.retrieve(pm)).customer, customer.id);

      const back = await authenticate(created.next_action!.redirect_to_url!.url!, 'complete');
      assert.equal(`${back.origin}${back.pathname}`, 'https://app.example.com/cards/done');
      assert.deepEqual([back.searchParams.get('setup_intent'), back.searchParams.get('redirect_status')], [created.id, 'succeeded']);
      const done = await stripe.setupIntents.retrieve(created.id, { expand: ['payment_method'] });
      assert.deepEqual([done.status, done.next_action, (done.payment_method as Stripe.PaymentMethod).id], ['succeeded', null, pm]);
      // The link is spent: a second answer changes nothing.
      assert.equal((await fetch(created.next_action!.redirect_to_url!.url!)).status, 404);

      const paid = await chargeOffSession(stripe, customer.id, pm);
      assert.equal(paid.status, 'paid');
      const types = (await api.storage.db.selectFrom('events').select(['type', 'data']).orderBy('seq').execute()).filter((e) => JSON.parse(e.data).object.id === created.id).map((e) => e.type);
      assert.deepEqual(types, ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.succeeded']);
    });
  }

  it('without a completed setup, the same card asks for authentication off-session; a failed authentication leaves the setup waiting for a card', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'nosetup@example.com' });
    const setup = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup' });
    assert.equal(setup.status, 'requires_confirmation');
    const confirmed = await stripe.setupIntents.confirm(setup.id, { return_url: 'https://app.example.com/back' });
    assert.equal(confirmed.status, 'requires_action');
    const pm = confirmed.payment_method as string;
    const back = await authenticate(confirmed.next_action!.redirect_to_url!.url!, 'fail');
    assert.equal(back.searchParams.get('redirect_status'), 'failed');
    const failed = await stripe.setupIntents.retrieve(setup.id);
    assert.deepEqual([failed.status, failed.payment_method, failed.last_setup_error?.code], ['requires_payment_method', null, 'payment_intent_authentication_failure']);
    await assertSdkError(chargeOffSession(stripe, customer.id, pm), {
      type: 'StripeCardError',
      statusCode: 402,
      code: 'invoice_payment_intent_requires_action',
      decline_code: '',
      message: /requires additional user action/,
    });
  });

  it('sets up a card that needs no authentication at once; a declined card fails the setup; update, cancel and list by customer', async () => {
    const { stripe, api } = sdk();
    const customer = await stripe.customers.create({ email: 'plain@example.com' });
    const plain = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    assert.deepEqual([plain.status, plain.next_action], ['succeeded', null]);

    const declined = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true });
    assert.deepEqual([declined.status, declined.last_setup_error?.code, declined.last_setup_error?.decline_code], ['requires_payment_method', 'card_declined', 'generic_decline']);

    const open = await stripe.setupIntents.create({ customer: customer.id });
    assert.equal(open.status, 'requires_payment_method');
    const updated = await stripe.setupIntents.update(open.id, { metadata: { plan: 'pro' }, description: 'Card for Pro' });
    assert.deepEqual([updated.metadata, updated.description], [{ plan: 'pro' }, 'Card for Pro']);
    const canceled = await stripe.setupIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
    assert.deepEqual([canceled.status, canceled.cancellation_reason], ['canceled', 'abandoned']);
    await assertSdkError(stripe.setupIntents.confirm(open.id, { payment_method: 'pm_card_visa' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'setup_intent_unexpected_state',
      message: 'You cannot confirm this SetupIntent because it has a status of canceled.',
    });
    await assertSdkError(stripe.setupIntents.create({ customer: 'cus_missing' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: 'cus_missing'",
    });

    const other = await stripe.customers.create({});
    await stripe.setupIntents.create({ customer: other.id });
    const listed = [];
    for await (const s of stripe.setupIntents.list({ customer: customer.id })) listed.push(s.id);
    assert.deepEqual(listed, [open.id, declined.id, plain.id]);
    const kinds = (await api.call('GET', '/v1/events', { params: { type: 'setup_intent.canceled' } })).body.data.map((e: any) => e.data.object.id);
    assert.ok(kinds.includes(open.id));
  });
});
