import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, storageArgs } from '../support/cli.ts';

for (const engine of ENGINES) {
  describe(`bursar app-endpoints (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(() => db.drop());
    const cli = async (...args: string[]) => runCli(['app-endpoints', ...args, ...storageArgs(db.options)]);

    it('enables a preset at another path, sets caller settings, refuses bad input by name, disables', async () => {
      const enabled = await cli('enable', 'cookie-paid-plan', '--path', '/billing/session');
      assert.equal(enabled.code, 0, enabled.stderr);
      const endpoint = JSON.parse(enabled.stdout);
      assert.deepEqual([endpoint.preset, endpoint.path, endpoint.enabled, endpoint.livemode], ['cookie-paid-plan', '/billing/session', true, false]);
      const settings = await cli('settings', '--jwt-secret', 'x'.repeat(40), '--allowed-origin', 'https://app.example.com');
      assert.equal(settings.code, 0, settings.stderr);
      assert.deepEqual([JSON.parse(settings.stdout).jwt_secret, JSON.parse(settings.stdout).allowed_origins], ['…xxxx', ['https://app.example.com']]);
      const short = await cli('settings', '--jwt-secret', 'short');
      assert.equal(short.code, 1);
      assert.match(short.stderr, /Invalid jwt_secret: must be at least 32 characters/);
      const taken = await cli('enable', 'bearer-data-envelope', '--path', '/billing/session', '--mode', 'test');
      assert.equal(taken.code, 1, 'one endpoint per route');
      assert.match(taken.stderr, /already serves POST \/billing\/session/);
      const listed = JSON.parse((await cli('list')).stdout);
      assert.equal(listed.data.length, 1);
      const disabled = await cli('disable', endpoint.id);
      assert.equal(JSON.parse(disabled.stdout).enabled, false);
    });
  });
}
