// `npm run bench:webhooks`: webhook delivery to a loopback receiver. Bursar runs in a child
// process (LOG_LEVEL=warn) on 127.0.0.1, on SQLite (temp data dir) and on PostgreSQL (a
// throwaway durable cluster; BENCH_ENGINES=sqlite or postgres runs one); the receiver and the
// load run in this process. Writes its own block of docs/performance.md.
//
// 1. Throughput: a backlog of BENCH_BACKLOG customer.created events (written before Bursar
//    starts, so nothing else competes) is delivered; deliveries/s from first to last arrival.
// 2. Idle latency: BENCH_IDLE customers are created one at a time, 50 ms apart, on an
//    otherwise idle Bursar; for each event, the time from the API's answer to its arrival.
// 3. Latency: customers are created through the API at a steady BENCH_RATE per second for
//    BENCH_DURATION seconds; for each event, the time from the API's answer (the change had
//    committed by then) and from the request's start to the delivery's arrival.
import { existsSync, readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStorage } from '../src/db/database.ts';
import { inTransaction } from '../src/db/after-commit.ts';
import { systemClock } from '../src/kit/clock.ts';
import { createKey } from '../src/modules/api-keys/service.ts';
import { createCustomer } from '../src/modules/customers/service.ts';
import { ensureProject } from '../src/modules/projects/service.ts';
import { createWebhookEndpoint } from '../src/modules/webhooks/service.ts';
import type { Engine } from '../src/db/engine.ts';
import { startServer, stopServer, storageArgs } from '../test/support/cli.ts';
import { freshDatabase } from '../test/support/storage.ts';
import { startPgCluster, type PgCluster } from '../scripts/pg-cluster.ts';
import { machineLines, writeReportBlock } from './support/report.ts';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 5000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const IDLE = Number(process.env.BENCH_IDLE ?? 200);
const IDLE_GAP_MS = 50;
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[];
for (const e of ENGINES) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`unknown engine ${e}`);
const WAIT_MS = 120_000;

// API requests queue here beyond 64 open connections, as behind a client's pool; their time
// in the queue counts in "from the request's start".
const apiAgent = new Agent({ keepAlive: true, maxSockets: 64 });
function postForm(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: apiAgent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The receiver: answers 200 at once and notes when each customer's event arrived.
const arrived = new Map<string, number>();
let waiter: (() => void) | null = null;
const receiver = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const at = performance.now();
    arrived.set(JSON.parse(body).data.object.id, at);
    res.end('ok');
    waiter?.();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

/** CPU seconds a process has used (user + system), where Linux's /proc tells; null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  const stat = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(stat)) return null;
  // utime and stime, in clock ticks (100 per second on Linux), after the command name.
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${arrived.size} delivered)`);
    await new Promise<void>((resolve) => {
      waiter = resolve;
      setTimeout(resolve, 100);
    });
  }
}

interface Measured {
  throughput: number;
  idle: { fromAnswer: number[]; fromRequest: number[] };
  steady: { sent: number; fromAnswer: number[]; fromRequest: number[]; achievedRate: number; cpuMsPerEvent: number | null };
}

/** The three runs against one Bursar on a fresh database of `engine`. */
async function measure(engine: Engine): Promise<Measured> {
  arrived.clear();
  const fresh = await freshDatabase(engine);
  try {
    // The backlog, written straight into the database while no Bursar runs.
    const storage = await openStorage(fresh.options);
    const project = await ensureProject(storage.db, systemClock, 'Bench');
    const scope = { projectId: project.id, livemode: false };
    const ctx = { db: storage.db, scope, clock: systemClock, requestId: null, idempotencyKey: null };
    const key = (await createKey(storage.db, systemClock, { projectId: project.id, livemode: false })).secret;
    await createWebhookEndpoint(ctx, { url: hookUrl, enabled_events: ['customer.created'] });
    for (let i = 0; i < BACKLOG; i += 500) {
      await inTransaction(storage.db, async (trx) => {
        for (let j = i; j < Math.min(BACKLOG, i + 500); j++) await createCustomer({ ...ctx, db: trx }, { email: `backlog${j}@example.com` } as never);
      });
    }
    await storage.close();

    const server = await startServer(storageArgs(fresh.options), { LOG_LEVEL: 'warn' });
    try {
      await until('the backlog', () => arrived.size >= BACKLOG);
      const times = [...arrived.values()].sort((a, b) => a - b);
      const throughput = (BACKLOG - 1) / ((times.at(-1)! - times[0]) / 1000);
      console.error(`${engine} backlog: ${BACKLOG} deliveries at ${throughput.toFixed(0)}/s`);

      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' };
      const create = (email: string) =>
        postForm(`${server.url}/v1/customers`, headers, `email=${encodeURIComponent(email)}`).then((res) => {
          if (res.status !== 200) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
          return res.body.id as string;
        });
      const timings = (answered: Map<string, { sent: number; answer: number }>) => ({
        fromAnswer: [...answered].map(([id, t]) => arrived.get(id)! - t.answer).sort((a, b) => a - b),
        fromRequest: [...answered].map(([id, t]) => arrived.get(id)! - t.sent).sort((a, b) => a - b),
      });

      // Idle: one event at a time, each 50 ms after the previous one started.
      const idleAnswers = new Map<string, { sent: number; answer: number }>();
      for (let i = 0; i < IDLE; i++) {
        const sent = performance.now();
        idleAnswers.set(await create(`idle${i}@example.com`), { sent, answer: performance.now() });
        await sleep(Math.max(0, sent + IDLE_GAP_MS - performance.now()));
      }
      await until('the idle deliveries', () => [...idleAnswers.keys()].every((id) => arrived.has(id)));
      const idle = timings(idleAnswers);
      console.error(`${engine} idle: p50 ${percentile(idle.fromAnswer, 50).toFixed(1)} ms, p99 ${percentile(idle.fromAnswer, 99).toFixed(1)} ms`);

      // Steady load: one request every 1000/RATE ms, not waiting for answers (an open loop).
      const answered = new Map<string, { sent: number; answer: number }>();
      const total = Math.round(RATE * DURATION_S);
      const cpuBefore = cpuSeconds(server.child.pid);
      const start = performance.now();
      const requests: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const sent = performance.now();
        requests.push(create(`steady${i}@example.com`).then((id) => void answered.set(id, { sent, answer: performance.now() })));
      }
      const sendSeconds = (performance.now() - start) / 1000;
      await Promise.all(requests);
      await until('the steady deliveries', () => [...answered.keys()].every((id) => arrived.has(id)));
      const cpuAfter = cpuSeconds(server.child.pid);
      const cpuMsPerEvent = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / total;
      const steady = { sent: total, ...timings(answered), achievedRate: total / sendSeconds, cpuMsPerEvent };
      console.error(`${engine} steady: p50 ${percentile(steady.fromAnswer, 50).toFixed(1)} ms, p99 ${percentile(steady.fromAnswer, 99).toFixed(1)} ms`);
      return { throughput, idle, steady };
    } finally {
      await stopServer(server);
    }
  } finally {
    await fresh.drop();
  }
}

let cluster: PgCluster | null = null;
const results: [Engine, Measured][] = [];
try {
  if (ENGINES.includes('postgres')) {
    cluster = await startPgCluster({ durable: true });
    // The test support makes each fresh PostgreSQL database on this server.
    process.env.BURSAR_TEST_DATABASE_URL = cluster.url;
  }
  for (const engine of ENGINES) results.push([engine, await measure(engine)]);
} finally {
  receiver.close();
  apiAgent.destroy();
  cluster?.stop();
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (measure: string, value: (m: Measured) => string) => `| ${measure} | ${results.map(([, m]) => value(m)).join(' | ')} |`;
const rows = [
  `| measure | ${results.map(([e]) => (e === 'sqlite' ? 'SQLite' : 'PostgreSQL')).join(' | ')} |`,
  `| --- |${results.map(() => ' ---: |').join('')}`,
  row(`deliveries/s, a backlog of ${BACKLOG} to one loopback endpoint`, (m) => m.throughput.toFixed(0)),
  row(`idle (one event every ${IDLE_GAP_MS} ms): commit → delivery, p50 (from the API's answer)`, (m) => ms(percentile(m.idle.fromAnswer, 50))),
  row(`idle: commit → delivery, p99 (from the API's answer)`, (m) => ms(percentile(m.idle.fromAnswer, 99))),
  row(`idle: request → delivery, p50 (from the request's start)`, (m) => ms(percentile(m.idle.fromRequest, 50))),
  row(`idle: request → delivery, p99 (from the request's start)`, (m) => ms(percentile(m.idle.fromRequest, 99))),
  row(`steady load: customers created per second (target ${RATE})`, (m) => m.steady.achievedRate.toFixed(0)),
  row(`commit → delivery, p50 (from the API's answer)`, (m) => ms(percentile(m.steady.fromAnswer, 50))),
  row(`commit → delivery, p99 (from the API's answer)`, (m) => ms(percentile(m.steady.fromAnswer, 99))),
  row(`request → delivery, p50 (from the request's start)`, (m) => ms(percentile(m.steady.fromRequest, 50))),
  row(`request → delivery, p99 (from the request's start)`, (m) => ms(percentile(m.steady.fromRequest, 99))),
  row(`Bursar's CPU per event in the steady run (create + delivery)`, (m) => (m.steady.cpuMsPerEvent === null ? 'n/a' : ms(m.steady.cpuMsPerEvent))),
];
// The block replaces its earlier self; the rest of the page (other benchmarks' blocks) is kept.
writeReportBlock({
  id: 'bench:webhooks',
  command: 'npm run bench:webhooks',
  body: `${machineLines().join('\n')}
- ${Math.round(RATE * DURATION_S)} events over ${DURATION_S} s in the steady run

${rows.join('\n')}`,
  intro: `## Webhook delivery

\`npm run bench:webhooks\` (bench/webhooks.ts) runs Bursar in a child process (\`LOG_LEVEL=warn\`)
on SQLite (a temp data dir, \`synchronous=FULL\`) and on PostgreSQL (a throwaway cluster with
\`fsync\` on; \`BENCH_ENGINES=sqlite\` or \`postgres\` runs one), and a webhook receiver on
127.0.0.1 in the bench process, answering 200 at once. First, a backlog of customer.created
events written before Bursar starts is delivered: deliveries per second from the first
arrival to the last. Then, on an otherwise idle Bursar, customers are created one at a time
(\`BENCH_IDLE\`, default 200, one every 50 ms) and each event's delivery is timed. Then
customers are created through the API at a steady rate (an open loop: requests are not held
back by slow answers) and each event's delivery is timed. The change has committed before
the API answers, so "from the API's answer" is a lower bound of commit-to-delivery (a
delivery may even arrive before the answer) and "from the request's start" an upper bound.
The last row is the CPU time Bursar's process used in the steady run per event, the API's
create and the delivery together (Linux only). \`BENCH_BACKLOG\`, \`BENCH_RATE\` and
\`BENCH_DURATION\` change the sizes (defaults 5000, 500/s, 10 s).`,
});
console.error(`\nWrote docs/performance.md\n\n${rows.join('\n')}`);
