// A test file whose fixtures receive a body that differs from Stripe's shapes, run by
// test/compat/conformance.test.ts to show that such a run fails. CONFORMANCE_FIXTURE picks
// where the difference is found: `each` (an SDK test of describeEachEngine), `close` (an SDK
// server closed in an `after` hook), `receiver` (a webhook receiver closed in one).
import { after, before, describe, it } from 'node:test';
import { startSdkServer, type SdkServer } from './sdk.ts';
import { describeEachEngine } from './suite.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

const mutated = { id: 'cus_mutated', object: 'customer', email: 42 };
const mode = process.env.CONFORMANCE_FIXTURE;

if (mode === 'each') {
  describeEachEngine('an SDK test', startSdkServer, (sdk) => {
    it('receives a customer whose email is a number', () => sdk().conformance.check('GET /v1/customers/cus_mutated', mutated));
  });
}

if (mode === 'close') {
  describe('an SDK server closed after its tests', () => {
    let sdk: SdkServer;
    before(async () => (sdk = await startSdkServer('sqlite')));
    after(() => sdk.close());
    it('receives a customer whose email is a number', () => sdk.conformance.check('GET /v1/customers/cus_mutated', mutated));
  });
}

if (mode === 'receiver') {
  describe('a webhook receiver closed after its tests', () => {
    let receiver: Receiver;
    before(async () => (receiver = await startReceiver()));
    after(() => receiver.close());
    it('receives an event whose object is a customer whose email is a number', async () => {
      const event = { id: 'evt_1', object: 'event', api_version: null, created: 1, data: { object: mutated }, livemode: false, pending_webhooks: 1, request: null, type: 'customer.created' };
      await fetch(receiver.url, { method: 'POST', body: JSON.stringify(event) });
    });
  });
}
