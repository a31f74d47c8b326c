import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { outgoingClient, OutgoingError } from './client.ts';
import type { Resolver } from './address-guard.ts';

/** A DNS of our own: names resolving to loopback without touching the network. */
const dns: Resolver = async (host) => {
  if (host === 'loopback.example') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

describe('the outgoing-request client', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push(req.url!);
      if (req.url === '/redirect') res.writeHead(302, { location: '/elsewhere' }).end();
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000).unref();
      else if (req.url === '/big') res.end(Buffer.alloc(200_000, 'x'));
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reaches loopback in test mode; in live mode refuses it by address and by a name resolving to it, unless the allowlist takes it', async () => {
    const test = outgoingClient({ livemode: false });
    const ok = await test.request(`${base}/keys`);
    assert.deepEqual([ok.status, ok.body.toString()], [200, '{"keys":[]}']);
    const live = outgoingClient({ livemode: true, resolve: dns });
    const port = new URL(base).port;
    await assert.rejects(live.request(`${base}/keys`), (e: Error) => e instanceof OutgoingError && /^Refused to connect to 127\.0\.0\.1: .*internal address/.test(e.message));
    await assert.rejects(live.request(`http://loopback.example:${port}/keys`), /^OutgoingError: Refused to connect to loopback\.example: 127\.0\.0\.1 is a loopback/);
    await assert.rejects(live.fetch(`http://[::ffff:127.0.0.1]:${port}/keys`, {}), /Refused to connect/);
    const allowed = outgoingClient({ livemode: true, resolve: dns, allow: ['loopback.example'] });
    assert.equal((await allowed.request(`http://loopback.example:${port}/keys`)).status, 200);
  });

  it('follows no redirect: the 3xx is the answer', async () => {
    const client = outgoingClient({ livemode: false });
    const res = await client.request(`${base}/redirect`);
    assert.deepEqual([res.status, res.headers.location], [302, '/elsewhere']);
    assert.equal((await client.fetch(`${base}/redirect`, {})).status, 302);
    assert.ok(!seen.includes('/elsewhere'));
  });

  it('gives up after its timeout and reads no more than its size limit', async () => {
    const client = outgoingClient({ livemode: false, timeout: 200, maxBytes: 1000 });
    await assert.rejects(client.request(`${base}/slow`), /^OutgoingError: Timed out after 200 ms$/);
    const big = await client.request(`${base}/big`);
    assert.deepEqual([big.status, big.body.length, big.truncated], [200, 1000, true]);
    await assert.rejects(client.fetch(`${base}/big`, {}), /larger than 1000 bytes/);
  });

  it('is the only way Bursar calls out: no code outside src/net makes a request by other means', async () => {
    const src = join(import.meta.dirname, '..');
    // Calls that make a request, and modules that can (a type-only import cannot).
    const outgoing = /\bfetch\(|\.(request|get|connect)\(.*\b(https?|net|tls)\b|createConnection\(|createRemoteJWKSet|^import (?!type )[^;]*from '(node:)?(https?|http2|net|tls|dgram|undici)'/;
    const offenders: string[] = [];
    for (const file of await readdir(src, { recursive: true })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.startsWith(`net/`)) continue;
      const lines = (await readFile(join(src, file), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (outgoing.test(line)) offenders.push(`${relative(src, join(src, file))}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });
});
