import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';
import { rowCounts } from '../../../test/support/assertions.ts';
import { fakeProcessors, signedWebhook } from '../../../test/support/fake-processor.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { ManualClock } from '../../kit/clock.ts';
import type { ProcessorEvent } from '../../processors/processor.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { processorCustomerRef } from '../processor-customers/service.ts';
import { purgeRefusedWebhooks } from './service.ts';

const WHSEC = 'whsec_processorWebhookTest01';
const fakes = fakeProcessors();
const open = async (engine: Parameters<typeof createTestApi>[0]) => {
  const api = await createTestApi(engine, new ManualClock(1_767_225_600), { makeProcessor: fakes.make });
  await api.call('POST', '/v1/processor_settings', { params: { processor: 'stripe', stripe: { secret_key: 'sk_test_51WebhookTestKey00', webhook_secret: WHSEC } } });
  return api;
};

const card = { brand: 'visa', last4: '4242', expMonth: 8, expYear: 2032, fingerprint: 'fpWebhook', funding: 'credit', country: 'US' };
let seq = 0;
const setupSucceeded = (customerRef: string | null, methodRef: string, eventId = `evt_fake_${++seq}`): ProcessorEvent => ({
  eventId,
  created: 1_767_225_600,
  type: 'setup.succeeded',
  setupRef: `seti_${seq}`,
  customerRef,
  method: { ref: methodRef, card },
  metadata: {},
});

function sender(api: TestApi) {
  const path = (kind = 'stripe', mode = 'test', project = api.ctx().scope.projectId) => `/processors/${kind}/webhooks/${project}/${mode}`;
  return async (events: ProcessorEvent[], options: { secret?: string; t?: number; path?: string } = {}) => {
    const { body, signature } = signedWebhook(options.secret ?? WHSEC, events, options.t ?? api.clock.now());
    const res = await api.app.request(options.path ?? path(), { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body });
    return { status: res.status, body: (await res.json()) as any };
  };
}

const recorded = (api: TestApi) => api.storage.db.selectFrom('processor_events').select(['event_id', 'type', 'status', 'detail']).orderBy('received').orderBy('id').execute();

/** A customer with a customer at the fake processor. */
async function customerAtProcessor(api: TestApi, name: string) {
  const customer = (await api.call('POST', '/v1/customers', { params: { name } })).body;
  const ref = await processorCustomerRef(api.ctx(), await processorFor({ ...api.ctx(), makeProcessor: fakes.make }), customer.id);
  return { customer, ref };
}

describeEachEngine('processor webhooks', open, (get) => {
  it('refuses a webhook whose signature does not verify, or that is too old, with a 400; records it; changes nothing', async () => {
    const api = get();
    const send = sender(api);
    const { ref } = await customerAtProcessor(api, 'Eve');
    await api.storage.db.deleteFrom('processor_events').execute();
    const before = await rowCounts(api.storage.db);
    const forged = await send([setupSucceeded(ref, 'pm_forged')], { secret: 'whsec_notTheStoredOne00' });
    assert.equal(forged.status, 400);
    assert.deepEqual(forged.body.error, { type: 'invalid_request_error', code: 'webhook_signature_invalid', message: 'Webhook refused: No signature matches the payload.' });
    const replayed = await send([setupSucceeded(ref, 'pm_replayed')], { t: api.clock.now() - 301 });
    assert.equal(replayed.status, 400);
    assert.match(replayed.body.error.message, /older than 300 seconds \(a replay\)/);
    assert.deepEqual(await rowCounts(api.storage.db), before);
    assert.deepEqual(
      (await recorded(api)).map((r) => [r.event_id, r.status, r.detail]).sort(),
      [
        [null, 'refused', 'No signature matches the payload.'],
        [null, 'refused', 'The signature is older than 300 seconds (a replay).'],
      ],
    );
  });

  it('answers 404 where no processor of that kind listens for the project and mode', async () => {
    const api = get();
    const send = sender(api);
    const project = api.ctx().scope.projectId;
    for (const path of [`/processors/stripe/webhooks/${project}/live`, `/processors/test/webhooks/${project}/test`, `/processors/paypal/webhooks/${project}/test`, '/processors/stripe/webhooks/proj_nobody/test']) {
      const res = await send([setupSucceeded(null, 'pm_x')], { path });
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error.code, 'resource_missing');
    }
  });

  it('setup.succeeded saves the card to its customer once: a retry or replay of the same event is acknowledged and changes nothing', async () => {
    const api = get();
    const send = sender(api);
    const { customer, ref } = await customerAtProcessor(api, 'Finn');
    const event = setupSucceeded(ref, 'pm_finn_1');
    const first = await send([event]);
    assert.deepEqual([first.status, first.body], [200, { received: true }]);
    const cards = (await api.call('GET', `/v1/customers/${customer.id}/payment_methods`)).body.data;
    assert.equal(cards.length, 1);
    assert.deepEqual([cards[0].card.last4, cards[0].card.exp_month, cards[0].card.exp_year], ['4242', 8, 2032]);
    assert.equal((await api.call('GET', `/v1/customers/${customer.id}`)).body.invoice_settings.default_payment_method, cards[0].id);
    const attached = (await api.call('GET', '/v1/events', { params: { type: 'payment_method.attached', limit: 1 } })).body.data[0];
    assert.equal(attached.data.object.id, cards[0].id);

    const before = await rowCounts(api.storage.db);
    api.clock.advance(60);
    const again = await send([event]);
    assert.deepEqual([again.status, again.body], [200, { received: true }]);
    assert.deepEqual(await rowCounts(api.storage.db), before, 'the same event twice changes nothing');
    const rows = (await recorded(api)).filter((r) => r.event_id === event.eventId);
    assert.deepEqual(rows.map((r) => [r.type, r.status, r.detail]), [['setup.succeeded', 'applied', `Saved ${cards[0].id}.`]]);

    // Another event reporting the same card (the customer's return came first): recorded, nothing saved twice.
    const other = await send([setupSucceeded(ref, 'pm_finn_1')]);
    assert.equal(other.status, 200);
    assert.equal((await api.call('GET', `/v1/customers/${customer.id}/payment_methods`)).body.data.length, 1);
    assert.equal((await recorded(api)).at(-1)!.detail, `${cards[0].id} was saved before.`);
  });

  it('method.detached detaches the saved card; events Bursar does not act on are recorded only', async () => {
    const api = get();
    const send = sender(api);
    const { customer, ref } = await customerAtProcessor(api, 'Gus');
    await send([setupSucceeded(ref, 'pm_gus_1')]);
    const [pm] = (await api.call('GET', `/v1/customers/${customer.id}/payment_methods`)).body.data;
    const before = await rowCounts(api.storage.db);
    const res = await send([
      { eventId: 'evt_gus_detach', created: 1, type: 'method.detached', methodRef: 'pm_gus_1' },
      { eventId: 'evt_gus_other', created: 1, type: 'ignored', processorType: 'customer.updated' },
      { eventId: 'evt_gus_refund', created: 1, type: 'payment.refunded', paymentRef: 'pi_1', amountRefunded: 500, refunds: [{ ref: 're_1', amount: 500, status: 'succeeded' }] },
      { eventId: 'evt_gus_dispute', created: 1, type: 'dispute.updated', disputeRef: 'dp_1', paymentRef: 'pi_1', amount: 500, currency: 'usd', reason: 'fraudulent', status: 'needs_response' },
      { eventId: 'evt_gus_detach_again', created: 1, type: 'method.detached', methodRef: 'pm_gus_1' },
    ]);
    assert.equal(res.status, 200);
    assert.equal((await api.call('GET', `/v1/payment_methods/${pm.id}`)).body.customer, null);
    assert.equal((await api.call('GET', `/v1/customers/${customer.id}`)).body.invoice_settings.default_payment_method, null);
    const detached = (await api.call('GET', '/v1/events', { params: { type: 'payment_method.detached', limit: 1 } })).body.data[0];
    assert.equal(detached.data.object.id, pm.id);
    const after = await rowCounts(api.storage.db);
    assert.equal(after.events - before.events, 2, 'payment_method.detached and customer.updated, once');
    const byId = new Map((await recorded(api)).map((r) => [r.event_id, [r.status, r.detail]]));
    assert.deepEqual(byId.get('evt_gus_detach'), ['applied', `Detached ${pm.id}.`]);
    assert.deepEqual(byId.get('evt_gus_other'), ['ignored', 'Bursar does not act on customer.updated.']);
    assert.deepEqual(byId.get('evt_gus_refund'), ['ignored', 'No succeeded charge of this project is stripe payment pi_1.']);
    assert.deepEqual(byId.get('evt_gus_dispute'), ['ignored', 'No succeeded charge of this project is stripe payment pi_1.']);
    assert.equal(byId.get('evt_gus_detach_again')![0], 'ignored');
    assert.ok(!fakes.detached().includes('pm_gus_1'), 'detached by the processor: not asked to detach it again');
    const data = await api.storage.db.selectFrom('processor_events').select('data').where('event_id', '=', 'evt_gus_refund').executeTakeFirstOrThrow();
    assert.equal(JSON.parse(data.data!).amountRefunded, 500, 'kept for what acts on refunds');
  });

  /** A $50.00 invoice of a customer at the processor, paid with a card saved there: its charge. */
  async function paidAtProcessor(api: TestApi, name: string) {
    const { customer, ref } = await customerAtProcessor(api, name);
    await sender(api)([setupSucceeded(ref, `pm_${name}_card`)]);
    const [pm] = (await api.call('GET', `/v1/customers/${customer.id}/payment_methods`)).body.data;
    await api.call('POST', '/v1/invoiceitems', { params: { customer: customer.id, amount: 5000, currency: 'usd' } });
    const draft = (await api.call('POST', '/v1/invoices', { params: { customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id } })).body;
    await api.call('POST', `/v1/invoices/${draft.id}/finalize`);
    const paid = (await api.call('POST', `/v1/invoices/${draft.id}/pay`, { params: { expand: ['payments.data.payment.payment_intent'] } })).body;
    assert.equal(paid.status, 'paid', JSON.stringify(paid));
    const charge: string = paid.payments.data[0].payment.payment_intent.latest_charge;
    const row = await api.storage.db.selectFrom('charges').select('processor_ref').where('id', '=', charge).executeTakeFirstOrThrow();
    return { charge, paymentRef: row.processor_ref! };
  }
  const refunded = (paymentRef: string, amountRefunded: number, refunds: { ref: string; amount: number; status: string }[], eventId = `evt_refund_${++seq}`): ProcessorEvent =>
    ({ eventId, created: 1, type: 'payment.refunded', paymentRef, amountRefunded, refunds });

  it('payment.refunded settles a pending refund Bursar made, and records one made at the processor once, however often it comes', async () => {
    const api = get();
    const send = sender(api);
    const { charge, paymentRef } = await paidAtProcessor(api, 'ida');
    const ours = (await api.call('POST', '/v1/refunds', { params: { charge, amount: 1000 } })).body;
    assert.equal(ours.status, 'pending', 'the processor has not finished it');
    const ourRef = `re_fake_bursar_${ours.id}`;
    await send([refunded(paymentRef, 1000, [{ ref: ourRef, amount: 1000, status: 'succeeded' }])]);
    assert.equal((await api.call('GET', `/v1/refunds/${ours.id}`)).body.status, 'succeeded');

    // A refund made at the processor's dashboard, reported twice (a retry under a new event id).
    const dashboard = refunded(paymentRef, 3000, [{ ref: ourRef, amount: 1000, status: 'succeeded' }, { ref: 're_dashboard_1', amount: 2000, status: 'succeeded' }]);
    await send([dashboard]);
    await send([{ ...dashboard, eventId: `${dashboard.eventId}_again` }]);
    const list = (await api.call('GET', '/v1/refunds', { params: { charge } })).body.data;
    assert.deepEqual(list.map((r: any) => [r.amount, r.status]), [[2000, 'succeeded'], [1000, 'succeeded']]);
    assert.equal((await api.call('GET', `/v1/charges/${charge}`)).body.amount_refunded, 3000);
    const byId = new Map((await recorded(api)).map((r) => [r.event_id, [r.status, r.detail]]));
    assert.deepEqual(byId.get(`${dashboard.eventId}_again`), ['applied', `${ours.id} was applied before. ${list[0].id} was applied before.`]);

    // A report that lists no refunds (Stripe's charge.refunded without them): what Bursar had not counted becomes one.
    await send([refunded(paymentRef, 3500, [])]);
    await send([refunded(paymentRef, 3500, [])]);
    const after = (await api.call('GET', '/v1/refunds', { params: { charge } })).body.data;
    assert.deepEqual(after.map((r: any) => r.amount), [500, 2000, 1000]);
    // That refund named later (Stripe's refund.updated) is the same refund, not another.
    await send([refunded(paymentRef, 0, [{ ref: 're_dashboard_2', amount: 500, status: 'succeeded' }])]);
    assert.equal((await api.call('GET', '/v1/refunds', { params: { charge } })).body.data.length, 3);
    assert.equal((await api.call('GET', `/v1/charges/${charge}`)).body.amount_refunded, 3500);
    const types = (await api.call('GET', '/v1/events', { params: { limit: 100 } })).body.data.filter((e: any) => e.data.object.id === charge).map((e: any) => e.type);
    assert.deepEqual(types.filter((t: string) => t === 'charge.refunded').length, 3, 'once per refund the processor took');
  });

  it('dispute.updated records a dispute of the charge and follows its status, with Stripe events, once each', async () => {
    const api = get();
    const send = sender(api);
    const { charge, paymentRef } = await paidAtProcessor(api, 'jo');
    const report = (status: string, eventId = `evt_dispute_${++seq}`): ProcessorEvent =>
      ({ eventId, created: 1, type: 'dispute.updated', disputeRef: 'du_fake_1', paymentRef, amount: 5000, currency: 'usd', reason: 'fraudulent', status });
    await send([report('needs_response')]);
    await send([report('needs_response')]);
    const [dispute] = (await api.call('GET', '/v1/disputes', { params: { charge } })).body.data;
    assert.match(dispute.id, /^dp_/);
    assert.deepEqual([dispute.object, dispute.amount, dispute.charge, dispute.reason, dispute.status, dispute.is_charge_refundable], ['dispute', 5000, charge, 'fraudulent', 'needs_response', false]);
    assert.equal((await api.call('GET', `/v1/charges/${charge}`)).body.disputed, true);
    const refused = await api.call('POST', '/v1/refunds', { params: { charge } });
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'charge_disputed']);

    await send([report('under_review')]);
    await send([report('lost')]);
    const events = (await api.call('GET', '/v1/events', { params: { limit: 100 } })).body.data.filter((e: any) => e.data.object.id === dispute.id).map((e: any) => [e.type, e.data.object.status]).reverse();
    assert.deepEqual(events, [['charge.dispute.created', 'needs_response'], ['charge.dispute.updated', 'under_review'], ['charge.dispute.closed', 'lost']]);
    assert.equal((await api.call('GET', `/v1/disputes/${dispute.id}`, { params: { expand: ['charge'] } })).body.charge.id, charge);
    assert.equal((await api.call('GET', '/v1/disputes/dp_missing')).status, 404);
  });

  it('an event whose customer is gone is recorded as failed and applies nothing; one for a stranger is ignored', async () => {
    const api = get();
    const send = sender(api);
    const { customer, ref } = await customerAtProcessor(api, 'Hal');
    await api.call('DELETE', `/v1/customers/${customer.id}`);
    const before = await rowCounts(api.storage.db);
    const gone = setupSucceeded(ref, 'pm_hal_1');
    const stranger = setupSucceeded('cus_somebody_else', 'pm_x_1');
    assert.equal((await send([gone, stranger])).status, 200);
    assert.deepEqual(await rowCounts(api.storage.db), before);
    const byId = new Map((await recorded(api)).map((r) => [r.event_id, [r.status, r.detail]]));
    assert.deepEqual(byId.get(gone.eventId), ['failed', `No such customer: '${customer.id}'`]);
    assert.deepEqual(byId.get(stranger.eventId), ['ignored', 'No customer of this project is stripe customer cus_somebody_else.']);
    assert.equal((await send([gone])).status, 200, 'its retry is acknowledged');
  });

  it('forgets refused webhooks after 30 days; applied events stay, so none is applied twice', async () => {
    const api = get();
    const send = sender(api);
    assert.equal((await send([setupSucceeded(null, 'pm_forged_late')], { secret: 'whsec_notTheStoredOne00' })).status, 400);
    const statuses = async () => new Set((await recorded(api)).map((r) => r.status));
    assert.ok((await statuses()).has('refused'));
    api.clock.advance(31 * 86_400);
    assert.ok((await purgeRefusedWebhooks({ db: api.storage.db, clock: api.clock })) >= 1);
    const left = await statuses();
    assert.ok(!left.has('refused') && left.has('applied'), [...left].join());
  });
});
