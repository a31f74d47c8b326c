import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ENGINES, freshDatabase, storedValues } from '../support/storage.ts';
import { runCli, storageArgs } from '../support/cli.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

const stripe = new Stripe('sk_test_unused');
const KEY = /^[A-Za-z0-9+/]{43}=$/;

describe('bursar secrets generate-key', () => {
  it('prints a new random key of 32 bytes in base64 each time', async () => {
    const [a, b] = await Promise.all([runCli(['secrets', 'generate-key']), runCli(['secrets', 'generate-key'])]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout.trim(), KEY);
    assert.equal(Buffer.from(a.stdout.trim(), 'base64').length, 32);
    assert.notEqual(a.stdout, b.stdout);
  });
});

describe('the secret key of a SQLite database', () => {
  it('is made on the first start, in a file of the data directory only its owner can read, and used from then on', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const first = await runCli(['migrate', ...storageArgs(db.options)]);
      assert.equal(first.code, 0, first.stderr);
      const file = join(db.options.dataDir, 'secret.key');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const key = readFileSync(file, 'utf8').trim();
      assert.match(key, KEY);
      assert.equal((await runCli(['migrate', ...storageArgs(db.options)])).code, 0);
      assert.equal(readFileSync(file, 'utf8').trim(), key);
    } finally {
      await db.drop();
    }
  });
});

if (ENGINES.includes('postgres')) {
  describe('the secret key of a PostgreSQL database', () => {
    it('must be given: without one, Bursar refuses to start and says how to make one', async () => {
      const db = await freshDatabase('postgres');
      try {
        const result = await runCli(['serve', '--port', '0', '--database-url', db.options.databaseUrl!]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /^bursar: PostgreSQL needs a secret key .* Make one with `bursar secrets generate-key` and give the same key to every process as BURSAR_SECRET_KEY or --secret-key\.\n$/);
      } finally {
        await db.drop();
      }
    });
  });
}

for (const engine of ENGINES) {
  describe(`secret keys (${engine})`, () => {
    let api: TestApi;
    let receiver: Receiver;
    let keyA: string;
    before(async () => {
      api = await createTestApi(engine);
      receiver = await startReceiver();
      const options = api.storage.options;
      keyA = options.secretKeys?.[0]?.toString('base64') ?? readFileSync(join(options.dataDir, 'secret.key'), 'utf8').trim();
    });
    after(async () => {
      await receiver.close();
      await api.close();
    });
    /** The test database with these keys: the current one first. */
    const args = ([current, ...old]: string[]) => [
      ...storageArgs({ ...api.storage.options, secretKeys: [] }),
      '--secret-key',
      current!,
      ...(old.length > 0 ? ['--secret-keys-old', old.join(',')] : []),
    ];

    it('a process given another key than the database was sealed with refuses to start, saying what to do', async () => {
      const other = (await runCli(['secrets', 'generate-key'])).stdout.trim();
      const result = await runCli(['serve', '--port', '0', ...args([other])]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^bursar: The secret key \(BURSAR_SECRET_KEY or --secret-key\) does not open this database's secrets: they are sealed under key [0-9a-f]{12}, and the key given is [0-9a-f]{12}\. .*BURSAR_SECRET_KEYS_OLD, then run `bursar secrets rotate`\.\n$/);
    });

    it('rotation: values sealed under the old key open while both are given; bursar secrets rotate re-seals them all, once', { timeout: 90_000 }, async () => {
      const we = (await api.call('POST', '/v1/webhook_endpoints', { params: { url: receiver.url, enabled_events: ['customer.created'] } })).body;
      await api.call('POST', '/v1/app_endpoint_settings', { params: { jwt_secret: 'an-hs256-secret-of-the-app-with-32+-characters' } });
      const stripeKey = 'sk_test_51RotatedAccountKey7788';
      await api.call('POST', '/v1/processor_settings', { params: { processor: 'stripe', stripe: { secret_key: stripeKey } } });
      const customer = (await api.call('POST', '/v1/customers', { params: { name: 'Rotated' } })).body;
      const [event] = (await api.call('GET', '/v1/events', { params: { type: 'customer.created', limit: 1 } })).body.data;
      const keyB = (await runCli(['secrets', 'generate-key'])).stdout.trim();
      const resend = async (...keys: string[]) => {
        receiver.requests.length = 0;
        const result = await runCli(['events', 'resend', event.id, '--endpoint', we.id, ...args(keys)]);
        assert.equal(result.code, 0, result.stderr);
        const signed = stripe.webhooks.constructEvent(receiver.requests[0]!.body, receiver.requests[0]!.headers['stripe-signature'] as string, we.secret);
        assert.equal((signed.data.object as { id: string }).id, customer.id);
      };

      await resend(keyB, keyA); // the new key current, the old one still opening
      const rotated = await runCli(['secrets', 'rotate', ...args([keyB, keyA])]);
      assert.equal(rotated.code, 0, rotated.stderr);
      const [, resealed, idB] = rotated.stdout.match(/^Re-sealed (\d+) secret\(s\) under key ([0-9a-f]{12}) \(/)!;
      // The endpoint's signing secret, the HS256 secret, the processor's credentials and the invoice link key at least.
      assert.ok(Number(resealed) >= 4, rotated.stdout);
      assert.match(rotated.stdout, /processor_settings: 1/);
      assert.match(rotated.stdout, /\nNo secret is sealed under key [0-9a-f]{12} any more: remove it from BURSAR_SECRET_KEYS_OLD\.\n$/);
      const sealed = (await storedValues(api.storage.db)).filter((v) => v.startsWith('v1:'));
      assert.ok(sealed.length >= 4 && sealed.every((v) => v.startsWith(`v1:${idB}:`)), sealed.join('\n'));

      const again = await runCli(['secrets', 'rotate', ...args([keyB, keyA])]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, `Re-sealed 0 secret(s) under key ${idB}.\n`);
      await resend(keyB);
      const shown = await runCli(['processors', 'show', '--project', api.ctx().scope.projectId, ...args([keyB])]);
      assert.equal(shown.code, 0, shown.stderr);
      assert.equal(JSON.parse(shown.stdout).stripe.secret_key, 'sk_test_…7788');
      const old = await runCli(['migrate', ...args([keyA])]);
      assert.equal(old.code, 2);
      assert.match(old.stderr, /does not open this database's secrets/);
    });
  });
}
