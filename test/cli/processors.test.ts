import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, storageArgs } from '../support/cli.ts';

for (const engine of ENGINES) {
  describe(`bursar processors (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(() => db.drop());
    const cli = async (...args: string[]) => runCli(['processors', ...args, ...storageArgs(db.options), '--public-url', 'https://billing.example.com']);

    it('sets Stripe for live mode, shows it masked with the webhook URL to register, refuses bad keys by name, removes it', async () => {
      const none = await cli('show', '--mode', 'live');
      assert.equal(none.code, 0, none.stderr);
      assert.equal(JSON.parse(none.stdout).processor, null);
      assert.match(none.stderr, /No processor in live mode: cards are not collected nor charged\./);

      const wrong = await cli('set', 'stripe', '--mode', 'live', '--stripe-secret-key', 'sk_test_51AbCdEfGhIjKlMn');
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /^bursar: Invalid stripe\[secret_key\]: in live mode, a Stripe secret key starts with sk_live_ or rk_live_/);

      const set = await cli('set', 'stripe', '--mode', 'live', '--stripe-secret-key', 'sk_live_51AbCdEfGhIjKlMn1234');
      assert.equal(set.code, 0, set.stderr);
      const settings = JSON.parse(set.stdout);
      assert.equal(settings.stripe.secret_key, 'sk_live_…1234');
      assert.match(settings.stripe.webhook_url, /^https:\/\/billing\.example\.com\/processors\/stripe\/webhooks\/proj_[A-Za-z0-9]+\/live$/);
      assert.ok(!set.stdout.includes('sk_live_51AbCdEfGhIjKlMn1234'));
      assert.ok(set.stderr.includes(`Stripe sends this mode's events to ${settings.stripe.webhook_url}`));
      assert.match(set.stderr, /Register it at Stripe .* for checkout\.session\.completed, setup_intent\.succeeded, .*payment_method\.detached\.\n/);
      assert.match(set.stderr, /bursar processors set stripe --stripe-webhook-secret whsec_…/);

      const secret = await cli('set', '--mode', 'live', '--stripe-webhook-secret', 'whsec_abcdefgh12345678');
      assert.equal(secret.code, 0, secret.stderr);
      assert.deepEqual([JSON.parse(secret.stdout).stripe.secret_key, JSON.parse(secret.stdout).stripe.webhook_secret], ['sk_live_…1234', 'whsec_…5678']);
      const shown = await cli('show', '--mode', 'live');
      assert.deepEqual(JSON.parse(shown.stdout), JSON.parse(secret.stdout));
      assert.equal(JSON.parse((await cli('show')).stdout).processor, 'test', 'test mode is apart');

      const removed = await cli('remove', '--mode', 'live');
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(JSON.parse(removed.stdout).processor, null);
    });
  });
}
