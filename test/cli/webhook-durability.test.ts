import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';
import { startReceiver, waitFor, type Receiver } from '../support/webhook-receiver.ts';

const EVENTS = 40;
/** A short timeout makes the lease of a killed process's deliveries run out within seconds. */
const WEBHOOK_FLAGS = ['--webhook-timeout', '1s', '--webhook-retry-schedule', '100ms,200ms,400ms,800ms,1s,1s,1s,1s,1s,1s'];

for (const engine of ENGINES) {
  describe(`webhook deliveries across a crash (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let server: RunningServer | undefined;
    let receiver: Receiver;
    before(async () => {
      db = await freshDatabase(engine);
      receiver = await startReceiver();
    });
    after(async () => {
      if (server) await stopServer(server, 'SIGKILL');
      await receiver.close();
      await db.drop();
    });

    it('delivers every event after a SIGKILL with deliveries in flight and a restart', { timeout: 90_000 }, async () => {
      const key = JSON.parse((await runCli(['keys', 'create', '--mode', 'test', '--json', ...storageArgs(db.options)])).stdout).secret;
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' };
      server = await startServer([...storageArgs(db.options), '--log-level', 'warn', ...WEBHOOK_FLAGS]);
      const post = async (path: string, body: string) => {
        const res = await fetch(server!.url + path, { method: 'POST', headers, body });
        const json: any = await res.json();
        assert.equal(res.status, 200, JSON.stringify(json));
        return json;
      };
      await post('/v1/webhook_endpoints', `url=${encodeURIComponent(receiver.url)}&enabled_events[]=customer.created`);
      // The receiver holds every request open: the deliveries stay in flight until the kill.
      receiver.handle = () => {};
      const customers: string[] = [];
      for (let i = 0; i < EVENTS; i++) customers.push((await post('/v1/customers', `email=c${i}%40example.com`)).id);
      await waitFor('deliveries in flight', () => receiver.requests.length >= 4);
      server.child.kill('SIGKILL');
      assert.equal(await server.exited, 'SIGKILL');

      const delivered = new Set<string>();
      receiver.handle = (req, res) => {
        delivered.add(JSON.parse(req.body).data.object.id);
        res.end('ok');
      };
      server = await startServer([...storageArgs(db.options), '--log-level', 'warn', ...WEBHOOK_FLAGS]);
      await waitFor('every customer.created delivered', () => customers.every((id) => delivered.has(id)), 60_000);
      await waitFor('no event left undelivered', async () => {
        const left: any = await (await fetch(`${server!.url}/v1/events?delivery_success=false`, { headers })).json();
        return left.data.length === 0;
      });
    });
  });
}
