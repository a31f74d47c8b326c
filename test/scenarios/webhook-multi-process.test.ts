import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';
import { startReceiver, waitFor, type Receiver } from '../support/webhook-receiver.ts';

const PROCESSES = 3;
const EVENTS = 300;

// Several Bursar processes on one PostgreSQL: each event reaches the endpoint once.
describe('three processes deliver each event once', { skip: !ENGINES.includes('postgres') && 'needs PostgreSQL' }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let receiver: Receiver;
  const servers: RunningServer[] = [];
  before(async () => {
    db = await freshDatabase('postgres');
    receiver = await startReceiver();
  });
  after(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    await receiver.close();
    await db.drop();
  });

  it('writes on every process, delivers from every process, no duplicate', { timeout: 120_000 }, async () => {
    const key = JSON.parse((await runCli(['keys', 'create', '--mode', 'test', '--json', ...storageArgs(db.options)])).stdout).secret;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' };
    for (let i = 0; i < PROCESSES; i++) servers.push(await startServer([...storageArgs(db.options), '--log-level', 'warn']));
    const post = async (url: string, path: string, body: string) => {
      const res = await fetch(url + path, { method: 'POST', headers, body });
      const json: any = await res.json();
      assert.equal(res.status, 200, JSON.stringify(json));
      return json;
    };
    await post(servers[0].url, '/v1/webhook_endpoints', `url=${encodeURIComponent(receiver.url)}&enabled_events[]=customer.created`);
    const customers: string[] = [];
    await Promise.all(
      servers.map(async (s, n) => {
        for (let i = 0; i < EVENTS / PROCESSES; i++) customers.push((await post(s.url, '/v1/customers', `email=p${n}-${i}%40example.com`)).id);
      }),
    );
    await waitFor('every event delivered', () => receiver.requests.length >= EVENTS, 60_000);
    // Anything a second process would send twice arrives within moments.
    await new Promise((r) => setTimeout(r, 1000));
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    assert.equal(ids.length, EVENTS);
    assert.equal(new Set(ids).size, EVENTS);
    const delivered = new Set(receiver.requests.map((r) => JSON.parse(r.body).data.object.id));
    assert.ok(customers.every((id) => delivered.has(id)));
  });
});
