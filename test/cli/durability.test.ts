import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';

const TOTAL = 300;
const LOOPS = 6;
const KILL_AFTER = 100;

for (const engine of ENGINES) {
  describe(`durability across a crash (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let server: RunningServer | undefined;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(async () => {
      if (server) await stopServer(server, 'SIGKILL');
      await db.drop();
    });

    it('keeps every customer acknowledged before SIGKILL, each with its customer.created event', async () => {
      const key = JSON.parse((await runCli(['keys', 'create', '--mode', 'test', '--json', ...storageArgs(db.options)])).stdout).secret;
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' };
      server = await startServer([...storageArgs(db.options), '--log-level', 'warn']);
      const url = server.url;
      const child = server.child;

      const acknowledged: string[] = [];
      let sent = 0;
      let failed = 0;
      async function loop(n: number) {
        // Bounded: each loop sends its share and stops at the first failure (the server is gone).
        for (let i = 0; i < TOTAL / LOOPS; i++) {
          sent++;
          try {
            const res = await fetch(`${url}/v1/customers`, { method: 'POST', headers, body: `email=l${n}-${i}%40example.com` });
            const body: any = await res.json();
            assert.equal(res.status, 200, JSON.stringify(body));
            acknowledged.push(body.id);
          } catch (error) {
            if (error instanceof assert.AssertionError) throw error;
            failed++;
            return;
          }
          if (acknowledged.length === KILL_AFTER) child.kill('SIGKILL');
        }
      }
      await Promise.all(Array.from({ length: LOOPS }, (_, n) => loop(n)));
      assert.equal(await server.exited, 'SIGKILL');
      assert.ok(acknowledged.length >= KILL_AFTER && failed > 0, `killed mid-burst (sent ${sent}, acknowledged ${acknowledged.length})`);

      server = await startServer(storageArgs(db.options));
      const get = async (path: string) => {
        const res = await fetch(server!.url + path, { headers });
        assert.equal(res.status, 200, path);
        return (await res.json()) as any;
      };
      for (const id of acknowledged) assert.equal((await get(`/v1/customers/${id}`)).id, id);

      const created = new Set<string>();
      let page = await get('/v1/events?type=customer.created&limit=100');
      for (;;) {
        for (const event of page.data) created.add(event.data.object.id);
        if (!page.has_more) break;
        page = await get(`/v1/events?type=customer.created&limit=100&starting_after=${page.data.at(-1).id}`);
      }
      const missing = acknowledged.filter((id) => !created.has(id));
      assert.deepEqual(missing, [], 'every acknowledged customer has its customer.created event');
    });
  });
}
