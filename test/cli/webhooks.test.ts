import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ENGINES, storedValues } from '../support/storage.ts';
import { runCli, spawnCli, storageArgs } from '../support/cli.ts';
import { startReceiver, waitFor, type Receiver } from '../support/webhook-receiver.ts';

const stripe = new Stripe('sk_test_unused');

for (const engine of ENGINES) {
  describe(`webhook commands (${engine})`, () => {
    let api: TestApi;
    let receiver: Receiver;
    before(async () => {
      api = await createTestApi(engine);
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
      await api.close();
    });

    it('bursar events resend delivers an event again to one endpoint and prints the response code', async () => {
      const we = (await api.call('POST', '/v1/webhook_endpoints', { params: { url: receiver.url, enabled_events: ['customer.created'] } })).body;
      const customer = (await api.call('POST', '/v1/customers', { params: { email: 'again@example.com' } })).body;
      const [event] = (await api.call('GET', '/v1/events', { params: { type: 'customer.created', limit: 1 } })).body.data;
      // No dispatcher runs here: only the resend reaches the receiver.
      const result = await runCli(['events', 'resend', event.id, '--endpoint', we.id, ...storageArgs(api.storage.options)]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`--> customer\\.created \\[${event.id}\\] to 1 endpoint`));
      assert.match(result.stdout, new RegExp(`<-- \\[200\\] POST ${receiver.url} \\[${event.id}\\] ${we.id}, attempt 1`));
      assert.equal(receiver.requests.length, 1);
      const delivered = stripe.webhooks.constructEvent(receiver.requests[0].body, receiver.requests[0].headers['stripe-signature'] as string, we.secret);
      assert.equal((delivered.data.object as { id: string }).id, customer.id);

      const missing = await runCli(['events', 'resend', 'evt_missing', ...storageArgs(api.storage.options)]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /No such event: 'evt_missing'/);
      await api.call('DELETE', `/v1/webhook_endpoints/${we.id}`);
    });

    it('bursar listen forwards new events of the chosen types, signed, printing each response code', { timeout: 60_000 }, async () => {
      receiver.requests.length = 0;
      const project = api.ctx().scope.projectId;
      const listen = spawnCli(['listen', '--forward-to', receiver.url, '--events', 'product.created,customer.created', '--project', project, ...storageArgs(api.storage.options)]);
      try {
        const [, secret] = await listen.line(/signing secret is (whsec_\w+)/);
        assert.ok(!(await storedValues(api.storage.db)).some((v) => v.includes(secret!)), 'the listen secret is stored in plain text');
        await api.call('POST', '/v1/prices', { params: { currency: 'usd', unit_amount: 500, product_data: { name: 'Listened' } } });
        const product = await listen.line(/--> product\.created \[(evt_\w+)\]/);
        await listen.line(new RegExp(`<-- \\[200\\] POST ${receiver.url} \\[${product[1]}\\]`));
        await waitFor('the forwarded event', () => receiver.requests.length === 1);
        const event = stripe.webhooks.constructEvent(receiver.requests[0].body, receiver.requests[0].headers['stripe-signature'] as string, secret);
        assert.equal(event.id, product[1]);
        assert.ok(!listen.lines.some((l) => l.includes('price.created')), 'types not asked for are not forwarded');
      } finally {
        listen.child.kill('SIGTERM');
        assert.equal(await listen.exited, 0);
      }
    });
  });
}
