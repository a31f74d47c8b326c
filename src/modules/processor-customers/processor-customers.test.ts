import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import type { CustomerInput, Processor, SavedMethod } from '../../processors/processor.ts';
import { saveProcessorCard } from '../payment-methods/processor-cards.ts';
import { customerOfProcessorRef, processorCustomerRef } from './service.ts';

const card = (ref: string, last4: string): SavedMethod => ({
  ref,
  card: { brand: 'visa', last4, expMonth: 4, expYear: 2031, fingerprint: `fp${last4}`, funding: 'credit', country: 'US' },
});

describeEachEngine('processor customers and their cards', createTestApi, (get) => {
  it("makes the customer's customer at the processor once and keeps its ref", async () => {
    const api = get();
    const asked: (CustomerInput & { existing: string | null })[] = [];
    const stripe = {
      kind: 'stripe',
      inline: false,
      ensureCustomer: async (input: CustomerInput, existing: string | null) => {
        asked.push({ ...input, existing });
        return `cus_stripe${asked.length}`;
      },
    } as unknown as Processor;
    const ada = (await api.call('POST', '/v1/customers', { params: { name: 'Ada', email: 'ada@example.com' } })).body;
    const bob = (await api.call('POST', '/v1/customers', { params: { name: 'Bob' } })).body;
    assert.equal(await processorCustomerRef(api.ctx(), stripe, ada.id), 'cus_stripe1');
    assert.equal(await processorCustomerRef(api.ctx(), stripe, ada.id), 'cus_stripe1');
    assert.deepEqual(asked, [{ customer: ada.id, email: 'ada@example.com', name: 'Ada', existing: null }]);
    assert.equal(await processorCustomerRef(api.ctx(), stripe, bob.id), 'cus_stripe2');
    assert.equal(await customerOfProcessorRef(api.ctx(), 'stripe', 'cus_stripe2'), bob.id);
    assert.equal(await customerOfProcessorRef(api.ctx(), 'stripe', 'cus_unknown'), undefined);
    // Another mode is another processor account: nothing is shared.
    assert.equal(await customerOfProcessorRef(api.ctx(true), 'stripe', 'cus_stripe2'), undefined);
  });

  it('saves a card the processor collected once, attached, the default of a customer who had none', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Cleo' } })).body;
    const first = await saveProcessorCard(api.ctx(), 'stripe', customer.id, card('pm_1Stripe', '4242'));
    assert.equal(first.saved, true);
    assert.deepEqual([first.paymentMethod.customer, first.paymentMethod.card.last4, first.paymentMethod.card.exp_year], [customer.id, '4242', 2031]);
    const again = await saveProcessorCard(api.ctx(), 'stripe', customer.id, card('pm_1Stripe', '4242'));
    assert.deepEqual([again.saved, again.paymentMethod.id], [false, first.paymentMethod.id]);
    const second = await saveProcessorCard(api.ctx(), 'stripe', customer.id, card('pm_2Stripe', '5556'));

    const listed = (await api.call('GET', `/v1/customers/${customer.id}/payment_methods`)).body.data;
    assert.deepEqual(listed.map((pm: any) => pm.card.last4), ['5556', '4242']);
    const after = (await api.call('GET', `/v1/customers/${customer.id}`)).body;
    assert.equal(after.invoice_settings.default_payment_method, first.paymentMethod.id, 'the first card stays the default');
    const attached = (await api.call('GET', '/v1/events', { params: { type: 'payment_method.attached' } })).body.data.map((e: any) => e.data.object.id);
    assert.deepEqual(attached.filter((id: string) => id === first.paymentMethod.id || id === second.paymentMethod.id), [second.paymentMethod.id, first.paymentMethod.id]);
    const rows = await api.storage.db.selectFrom('payment_methods').select(['processor', 'gateway_card']).where('customer', '=', customer.id).orderBy('gateway_card').execute();
    assert.deepEqual(rows, [{ processor: 'stripe', gateway_card: 'pm_1Stripe' }, { processor: 'stripe', gateway_card: 'pm_2Stripe' }]);
  });

  it('cards of the test gateway belong to the test processor', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Dan' } })).body;
    const pm = (await api.call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } })).body;
    const row = await api.storage.db.selectFrom('payment_methods').select('processor').where('id', '=', pm.id).executeTakeFirstOrThrow();
    assert.equal(row.processor, 'test');
  });
});
