// `npm run bench`: throughput and p99 latency of the API against /healthz in the same run.
// Bursar runs in a child process (SQLite, temp data dir, LOG_LEVEL=warn) on 127.0.0.1;
// autocannon drives it from this process. Writes docs/performance.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runCli, startServer, stopServer } from '../test/support/cli.ts';
import { PERFORMANCE_DOC, machineLines, writeMarkedBlock } from './support/report.ts';

const CONNECTIONS = 64;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** Retrieving a customer (key check + one read) should keep at least this share of /healthz throughput. */
const RETRIEVE_TARGET = 0.5;

interface Row {
  name: string;
  rps: number;
  p99: number;
}

async function measure(name: string, options: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  const bad = result.non2xx + result.errors;
  if (bad > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors; not a valid measurement`);
  const row = { name, rps: result['2xx'] / result.duration, p99: result.latency.p99 };
  console.error(`${name}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms`);
  return row;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bursar-bench-'));
const data = ['--data', dataDir];
const server = await startServer(data, { LOG_LEVEL: 'warn' });
let rows: Row[];
try {
  const created = await runCli(['keys', 'create', '--mode', 'test', '--name', 'bench', '--json', ...data]);
  if (created.code !== 0) throw new Error(created.stderr);
  const key = JSON.parse(created.stdout).secret;
  const auth = { authorization: `Bearer ${key}` };
  const form = { ...auth, 'content-type': 'application/x-www-form-urlencoded' };
  const res = await fetch(`${server.url}/v1/customers`, { method: 'POST', headers: form, body: 'email=bench%40example.com&name=Bench' });
  const customer = (await res.json()) as { id: string };

  // Warm up (JIT, statement cache) so the first measurement is not penalised.
  await autocannon({ url: `${server.url}/v1/customers/${customer.id}`, headers: auth, connections: CONNECTIONS, duration: 2 });
  rows = [
    await measure('GET /healthz', { url: `${server.url}/healthz` }),
    await measure('GET /v1/customers/:id', { url: `${server.url}/v1/customers/${customer.id}`, headers: auth }),
    await measure('POST /v1/customers', {
      url: `${server.url}/v1/customers`,
      method: 'POST',
      headers: form,
      body: 'email=load%40example.com&name=Load+Test&metadata[source]=bench',
    }),
  ];
} finally {
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

const base = rows[0].rps;
const table = [
  '| endpoint | req/s | p99 latency (ms) | throughput vs /healthz |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| \`${r.name}\` | ${r.rps.toFixed(0)} | ${r.p99} | ${((r.rps / base) * 100).toFixed(0)}% |`),
];
const retrieve = rows[1].rps / base;
const results = `${machineLines().join('\n')}

${table.join('\n')}

Target: retrieving a customer keeps at least ${RETRIEVE_TARGET * 100}% of \`/healthz\` throughput:
${retrieve >= RETRIEVE_TARGET ? 'met' : '**not met**'} (${(retrieve * 100).toFixed(0)}%).`;

// The results replace the marked block; the notes around it are kept.
writeMarkedBlock(
  PERFORMANCE_DOC,
  'bench',
  'npm run bench',
  results,
  (previous, block) => `# Performance

Measured by \`npm run bench\` (bench/api.ts): Bursar in a child process on SQLite (a temp
data dir, \`synchronous=FULL\`, \`LOG_LEVEL=warn\`), driven over 127.0.0.1 by autocannon
from the bench process with ${CONNECTIONS} connections for ${DURATION_S} s per endpoint, after a
2 s warm-up. Each API call authenticates with a secret key. Throughput counts 2xx responses
only (the run fails on any other). The ratio to \`/healthz\`, measured in the same run, makes
numbers comparable across machines; autocannon shares the CPUs with the server.

Reproduce: \`npm install && npm run bench\` (\`BENCH_DURATION=30 npm run bench\` for longer runs).

${block}
${previous ? `\n${previous}` : ''}`,
);
console.error(`\nWrote docs/performance.md\n\n${table.join('\n')}\n\nretrieve / healthz: ${(retrieve * 100).toFixed(0)}% (target ${RETRIEVE_TARGET * 100}%)`);
