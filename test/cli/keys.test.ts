import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';

for (const engine of ENGINES) {
  describe(`bursar keys and migrate (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let server: RunningServer;
    let args: string[];
    before(async () => {
      db = await freshDatabase(engine);
      args = storageArgs(db.options);
    });
    after(async () => {
      if (server) await stopServer(server);
      await db.drop();
    });

    async function cli(...command: string[]) {
      const result = await runCli([...command, ...args]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout;
    }

    it('migrate applies the migrations once and lists them', async () => {
      const first = await cli('migrate');
      assert.match(first, /^Applied \d+ migration\(s\) now/);
      assert.match(first, /^\+ \d{4}-\d{2}-\d{2}-\d{4}-core /m);
      const second = await cli('migrate');
      assert.match(second, /^Up to date/);
      assert.doesNotMatch(second, /^\+/m);
    });

    it('creates, lists and revokes keys; a revoked key gets 401 at once', async () => {
      const test = JSON.parse(await cli('keys', 'create', '--mode', 'test', '--name', 'ci', '--json'));
      const live = JSON.parse(await cli('keys', 'create', '--mode', 'live', '--json'));
      assert.match(test.secret, /^sk_test_/);
      assert.match(live.secret, /^sk_live_/);
      assert.equal(test.project_id, live.project_id, 'both go to the default project');

      const listed = JSON.parse(await cli('keys', 'list', '--json'));
      const rows = (keys: any[]) => keys.map((k) => [k.id, k.mode, k.name, k.revoked_at]).sort();
      assert.deepEqual(rows(listed), rows([test, live]));
      assert.ok(listed.every((k: any) => !('secret' in k) && k.redacted.endsWith(test.id === k.id ? test.secret.slice(-4) : live.secret.slice(-4))));
      const table = await cli('keys', 'list', '--project', test.project_id);
      assert.match(table, new RegExp(`${test.id}\\s+${test.project_id}\\s+test\\s+ci`));
      assert.doesNotMatch(table, /sk_test_[0-9A-Za-z]{40}/, 'the list never shows a whole key');

      server = await startServer(args);
      const customers = (key: string) => fetch(`${server.url}/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal((await customers(test.secret)).status, 200);
      assert.equal((await customers(live.secret)).status, 200);

      assert.match(await cli('keys', 'revoke', test.id), /Revoked/);
      // The running server sees the revocation on the very next request.
      const revoked = await customers(test.secret);
      assert.equal(revoked.status, 401);
      assert.equal(((await revoked.json()) as any).error.code, 'api_key_expired');
      assert.equal((await customers(live.secret)).status, 200);

      const again = await runCli(['keys', 'revoke', test.id, ...args]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /No such active API key/);
      const after = JSON.parse(await cli('keys', 'list', '--json'));
      assert.equal(typeof after.find((k: any) => k.id === test.id).revoked_at, 'number');
    });

    it('refuses bad usage with exit code 2 and a clear message', async () => {
      const noMode = await runCli(['keys', 'create', ...args]);
      assert.equal(noMode.code, 2);
      assert.match(noMode.stderr, /--mode/);
      const badMode = await runCli(['keys', 'create', '--mode', 'prod', ...args]);
      assert.equal(badMode.code, 2);
      assert.match(badMode.stderr, /test, live|"test", "live"/);
      const noProject = await runCli(['keys', 'create', '--mode', 'test', '--project', 'proj_missing', ...args]);
      assert.equal(noProject.code, 1);
      assert.match(noProject.stderr, /No such project: 'proj_missing'/);
    });
  });
}
