import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { outgoingClient } from '../../net/client.ts';
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts';
import { STRIPE_API_VERSION, stripeClient } from './client.ts';

describe("Stripe's SDK through Bursar's guarded client", () => {
  let server: Receiver;
  let apiUrl: string;
  before(async () => {
    server = await startReceiver();
    apiUrl = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.close());

  it('sends the pinned API version and the form body to the stand-in address, and reads the answer', async () => {
    server.handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"cus_1","object":"customer"}');
    const stripe = stripeClient({ secretKey: 'sk_test_x', client: outgoingClient({ livemode: false }), apiUrl });
    const customer = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'k1' });
    assert.equal(customer.id, 'cus_1');
    const sent = server.requests.at(-1)!;
    assert.equal(sent.headers['stripe-version'], STRIPE_API_VERSION);
    assert.equal(sent.headers['idempotency-key'], 'k1');
    assert.equal(sent.headers.authorization, 'Bearer sk_test_x');
    assert.equal(sent.body, 'email=a%40example.com');
  });

  it("keeps the mode's address policy: a live-mode client refuses loopback, and the SDK reports a connection error", async () => {
    const before = server.requests.length;
    const stripe = stripeClient({ secretKey: 'sk_live_x', client: outgoingClient({ livemode: true }), apiUrl });
    await assert.rejects(stripe.customers.retrieve('cus_1'), (e: Error) => e instanceof Stripe.errors.StripeConnectionError);
    assert.equal(server.requests.length, before);
  });

  it('never retries on its own: one request for a 500, and a timeout is a connection error after the bound', async () => {
    server.handle = (_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"type":"api_error","message":"boom"}}');
    const stripe = stripeClient({ secretKey: 'sk_test_x', client: outgoingClient({ livemode: false }), apiUrl, timeoutMs: 200 });
    const before = server.requests.length;
    await assert.rejects(stripe.customers.create({}, { idempotencyKey: 'k2' }), (e: Error) => e instanceof Stripe.errors.StripeAPIError);
    assert.equal(server.requests.length, before + 1);
    server.handle = () => {};
    const started = Date.now();
    await assert.rejects(stripe.customers.create({}, { idempotencyKey: 'k3' }), (e: Error) => e instanceof Stripe.errors.StripeConnectionError && /timeout/.test(e.message));
    assert.ok(Date.now() - started < 2000);
    assert.equal(server.requests.length, before + 2);
  });
});
