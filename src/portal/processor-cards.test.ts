import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../test/support/api.ts';
import { rowCounts } from '../../test/support/assertions.ts';
import { fakeProcessors, signedWebhook } from '../../test/support/fake-processor.ts';
import { openPortal, textOf } from '../../test/support/portal.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { ManualClock } from '../kit/clock.ts';
import type { SavedMethod } from '../processors/processor.ts';

const PUBLIC = 'https://billing.example.com';
const WHSEC = 'whsec_portalCardsTest0001';
const fakes = fakeProcessors();
const open = async (engine: Parameters<typeof createTestApi>[0]) => {
  const api = await createTestApi(engine, new ManualClock(1_767_225_600), { makeProcessor: fakes.make, publicUrl: PUBLIC });
  const set = await api.call('POST', '/v1/processor_settings', { params: { processor: 'stripe', stripe: { secret_key: 'sk_test_51PortalCardsKey00', webhook_secret: WHSEC } } });
  assert.equal(set.status, 200);
  return api;
};

const saved = (ref: string, last4: string): SavedMethod => ({ ref, card: { brand: 'mastercard', last4, expMonth: 3, expYear: 2033, fingerprint: `fp${last4}`, funding: 'debit', country: 'DE' } });

async function customerInPortal(api: TestApi, name: string) {
  const customer = (await api.call('POST', '/v1/customers', { params: { name } })).body;
  const { visitor } = await openPortal(api, { customer: customer.id, return_url: 'https://app.example.com' });
  return { customer, visitor };
}

const cardsOf = async (api: TestApi, customer: string) => (await api.call('GET', `/v1/customers/${customer}/payment_methods`)).body.data;

describeEachEngine('adding a card on the processor\'s page', open, (get) => {
  it('the cards page offers the processor\'s page instead of a card form, and may send the customer there', async () => {
    const api = get();
    const { visitor: v } = await customerInPortal(api, 'Ines');
    const page = await v.get('/p/payment-methods');
    assert.equal(page.status, 200);
    assert.ok(!page.html.includes('cc-number'), 'no card number field');
    assert.match(page.html, /<form method="post" action="\/p\/payment-methods\/setup">/);
    assert.match(textOf(page.html), /Add a card Your card is entered on our payment processor's secure page: its number never reaches this site\. Continue to add a card/);
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self' https:\/\/app\.example\.com https:\/\/checkout\.stripe\.com https:\/\/hooks\.stripe\.com;/);
  });

  it('sends the customer to the processor, and saves the card once when they come back, whichever of them and the webhook comes first', async () => {
    const api = get();
    const { customer, visitor: v } = await customerInPortal(api, 'Jon');
    await v.get('/p/payment-methods');
    const started = await v.post('/p/payment-methods/setup');
    assert.equal(started.status, 303);
    const fake = fakes.latest();
    const setup = fake.setups.at(-1)!;
    const ref = new URL(started.headers.get('location')!).pathname.split('/').at(-1)!;
    assert.equal(started.headers.get('location'), `https://pay.example/setup/${ref}`);
    assert.deepEqual(
      { customerRef: setup.customerRef, successUrl: setup.successUrl, cancelUrl: setup.cancelUrl, metadata: setup.metadata, locale: setup.locale },
      {
        customerRef: `cus_fake_${customer.id.slice(4)}`,
        successUrl: `${PUBLIC}/p/payment-methods/setup/return?setup={SETUP_REF}`,
        cancelUrl: `${PUBLIC}/p/payment-methods`,
        metadata: { bursar_customer: customer.id },
        locale: 'en',
      },
    );
    const back = `/p/payment-methods/setup/return?setup=${ref}`;

    // Back before the processor is done: nothing saved, the customer is told.
    const early = await v.get(back);
    assert.equal(early.status, 200);
    assert.match(textOf(early.html), /Your card is not saved yet\./);
    assert.equal((await cardsOf(api, customer.id)).length, 0);

    fake.outcomes.set(ref, { status: 'succeeded', method: saved('pm_jon_1', '4444') });
    const done = await v.get(back);
    assert.deepEqual([done.status, done.headers.get('location')], [303, '/p/payment-methods?done=card_added']);
    const [card] = await cardsOf(api, customer.id);
    assert.deepEqual([card.card.brand, card.card.last4], ['mastercard', '4444']);
    assert.equal((await api.call('GET', `/v1/customers/${customer.id}`)).body.invoice_settings.default_payment_method, card.id);
    assert.match(textOf((await v.get('/p/payment-methods?done=card_added')).html), /Your card was added .* MASTERCARD ending in 4444 Default/);

    // The processor's webhook for the same card, and the customer reloading: nothing changes.
    const before = await rowCounts(api.storage.db);
    const { body, signature } = signedWebhook(WHSEC, [{ eventId: 'evt_jon_setup', created: 1, type: 'setup.succeeded', setupRef: ref, customerRef: setup.customerRef, method: saved('pm_jon_1', '4444'), metadata: {} }], api.clock.now());
    const hook = await api.app.request(`/processors/stripe/webhooks/${api.ctx().scope.projectId}/test`, { method: 'POST', headers: { 'stripe-signature': signature }, body });
    assert.equal(hook.status, 200);
    assert.equal((await v.get(back)).status, 303);
    assert.deepEqual(await rowCounts(api.storage.db), before);
  });

  it('a webhook first, then the customer back: one card, theirs', async () => {
    const api = get();
    const { customer, visitor: v } = await customerInPortal(api, 'Kim');
    await v.get('/p/payment-methods');
    const ref = new URL((await v.post('/p/payment-methods/setup')).headers.get('location')!).pathname.split('/').at(-1)!;
    const fake = fakes.latest();
    // The setup's own customer ref is not given by this processor: the setup names its customer.
    const { body, signature } = signedWebhook(WHSEC, [{ eventId: 'evt_kim_setup', created: 1, type: 'setup.succeeded', setupRef: ref, customerRef: null, method: saved('pm_kim_1', '1881'), metadata: {} }], api.clock.now());
    assert.equal((await api.app.request(`/processors/stripe/webhooks/${api.ctx().scope.projectId}/test`, { method: 'POST', headers: { 'stripe-signature': signature }, body })).status, 200);
    assert.equal((await cardsOf(api, customer.id)).length, 1);
    fake.outcomes.set(ref, { status: 'succeeded', method: saved('pm_kim_1', '1881') });
    assert.equal((await v.get(`/p/payment-methods/setup/return?setup=${ref}`)).headers.get('location'), '/p/payment-methods?done=card_added');
    const cards = await cardsOf(api, customer.id);
    assert.deepEqual(cards.map((c: any) => c.card.last4), ['1881']);
    const attached = (await api.call('GET', '/v1/events', { params: { type: 'payment_method.attached', limit: 100 } })).body.data.filter((e: any) => e.data.object.id === cards[0].id);
    assert.equal(attached.length, 1);
  });

  it("refuses another customer's collection and an unknown one; a failed collection is told", async () => {
    const api = get();
    const lee = await customerInPortal(api, 'Lee');
    const mo = await customerInPortal(api, 'Mo');
    await lee.visitor.get('/p/payment-methods');
    const ref = new URL((await lee.visitor.post('/p/payment-methods/setup')).headers.get('location')!).pathname.split('/').at(-1)!;
    fakes.latest().outcomes.set(ref, { status: 'succeeded', method: saved('pm_lee_1', '0005') });
    for (const path of [`/p/payment-methods/setup/return?setup=${ref}`, '/p/payment-methods/setup/return?setup=cs_unknown', '/p/payment-methods/setup/return', '/p/payment-methods/setup/return?setup=cs%00x']) {
      const refused = await mo.visitor.get(path);
      assert.equal(refused.status, 404, path);
    }
    assert.equal((await cardsOf(api, mo.customer.id)).length, 0);
    assert.equal((await cardsOf(api, lee.customer.id)).length, 0);

    fakes.latest().outcomes.set(ref, { status: 'failed', code: 'card_declined', message: 'Your card was declined.' });
    const failed = await lee.visitor.get(`/p/payment-methods/setup/return?setup=${ref}`);
    assert.equal(failed.status, 402);
    assert.match(textOf(failed.html), /Your card was declined\./);
  });

  it('the way back from the processor for a customer who gives up is the cards page', async () => {
    const api = get();
    const { visitor: v } = await customerInPortal(api, 'Nia');
    await v.get('/p/payment-methods');
    await v.post('/p/payment-methods/setup');
    const cancel = new URL(fakes.latest().setups.at(-1)!.cancelUrl);
    const page = await v.get(cancel.pathname);
    assert.equal(page.status, 200);
    assert.match(textOf(page.html), /You have no saved cards\. Add a card/);
  });

  it('removing a card the processor holds detaches it there too, once Bursar has', async () => {
    const api = get();
    const { customer, visitor: v } = await customerInPortal(api, 'Ola');
    await v.get('/p/payment-methods');
    const ref = new URL((await v.post('/p/payment-methods/setup')).headers.get('location')!).pathname.split('/').at(-1)!;
    fakes.latest().outcomes.set(ref, { status: 'succeeded', method: saved('pm_ola_1', '3220') });
    await v.get(`/p/payment-methods/setup/return?setup=${ref}`);
    const [card] = await cardsOf(api, customer.id);
    await v.get('/p/payment-methods');
    const asked = () => fakes.detached().filter((r) => r === 'pm_ola_1').length;
    const earlier = asked();
    const removed = await v.post(`/p/payment-methods/${card.id}/remove`);
    assert.equal(removed.headers.get('location'), '/p/payment-methods?done=card_removed');
    assert.equal((await cardsOf(api, customer.id)).length, 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked(), earlier + 1);
  });
});
