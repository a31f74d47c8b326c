import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';

/** A POST whose body arrives in two parts, so the request is in flight until `finish()`. */
function slowPost(url: string, key: string, body: string) {
  const u = new URL(url);
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length };
  const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
  });
  req.write(body.slice(0, 5));
  return { response, finish: () => req.end(body.slice(5)) };
}

for (const engine of ENGINES) {
  describe(`bursar serve (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let server: RunningServer | undefined;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(async () => {
      if (server) await stopServer(server, 'SIGKILL');
      await db.drop();
    });

    it('answers /healthz, logs each request, and on SIGTERM finishes the request in flight, then exits 0', async () => {
      const key = JSON.parse((await runCli(['keys', 'create', '--mode', 'test', '--json', ...storageArgs(db.options)])).stdout).secret;
      server = await startServer(storageArgs(db.options));
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const requestId = health.headers.get('request-id');

      const slow = slowPost(`${server.url}/v1/customers`, key, 'email=inflight%40example.com&name=In+Flight');
      await sleep(200); // the headers have reached the server; the body has not
      server.child.kill('SIGTERM');
      await sleep(300);
      // It no longer accepts connections, but still waits for the request it is serving.
      await assert.rejects(fetch(`${server.url}/healthz`));
      slow.finish();
      const done = await slow.response;
      assert.equal(done.status, 200, done.body);
      assert.equal(JSON.parse(done.body).email, 'inflight@example.com');
      assert.equal(await server.exited, 0);

      const line = server.logs.find((l) => l.msg === 'request' && l.requestId === requestId);
      assert.ok(line, 'a request log line with the request id');
      assert.equal(line.level, 30);
      assert.deepEqual([line.method, line.path, line.status], ['GET', '/healthz', 200]);
      assert.equal(typeof line.durationMs, 'number');
      assert.ok(server.logs.some((l) => l.msg === 'request' && l.path === '/v1/customers' && l.status === 200));
      assert.equal(server.logs.at(-1).msg, 'stopped');
      assert.deepEqual(server.logs.filter((l) => 'raw' in l), [], 'stdout carries JSON lines only');

      // What was answered before the shutdown is there after a restart.
      server = await startServer(storageArgs(db.options));
      const list: any = await (await fetch(`${server.url}/v1/customers?email=inflight%40example.com`, { headers: { authorization: `Bearer ${key}` } })).json();
      assert.equal(list.data.length, 1);
      assert.equal(await stopServer(server), 0);
      server = undefined;
    });
  });
}

describe('bursar serve: configuration errors', () => {
  it('exits 2 with a clear message for a bad port, URL or log level, flag or env', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--port', 'abc'], {}, /Invalid port 'abc' \(--port\)/],
      [[], { PORT: '70000' }, /Invalid port '70000' \(PORT\)/],
      [['--database-url', 'mysql://x'], {}, /Invalid URL 'mysql:\/\/x' \(--database-url\): expected postgres:\/\/ or postgresql:\/\//],
      [[], { LOG_LEVEL: 'loud' }, /Invalid log level 'loud' \(LOG_LEVEL\)/],
      [['--public-url', 'not a url'], {}, /Invalid URL 'not a url' \(--public-url\)/],
    ];
    for (const [args, env, message] of cases) {
      const result = await runCli(['serve', ...args], env);
      assert.equal(result.code, 2, `${args.join(' ')} ${JSON.stringify(env)}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  it('exits 1 when the port is taken', async () => {
    const db = await freshDatabase('sqlite');
    const first = await startServer(storageArgs(db.options));
    try {
      const port = new URL(first.url).port;
      const second = await runCli(['serve', '--port', port, ...storageArgs(db.options)]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /EADDRINUSE/);
    } finally {
      await stopServer(first);
      await db.drop();
    }
  });
});
