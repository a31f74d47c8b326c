// `npm run bench:lookup`: an app endpoint resolving its caller among many customers, against
// the same endpoint in a 10-customer project and /healthz in the same run, on SQLite and
// PostgreSQL. The large project holds BENCH_CUSTOMERS customers (default 100 000), each known
// by `metadata.bursar_ref`; the caller is the one in the middle. Bursar runs in a child
// process (LOG_LEVEL=warn) on 127.0.0.1; autocannon drives `GET /api/billing/subscription`
// (the settings page's companion: token check, customer lookup, subscription read, no write).
// Writes its block of docs/performance.md.
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { createApp } from '../src/app.ts';
import { openStorage } from '../src/db/database.ts';
import type { Engine } from '../src/db/engine.ts';
import type { Db } from '../src/db/database.ts';
import { apiClient, type ApiClient } from '../src/demo/api-client.ts';
import { systemClock } from '../src/kit/clock.ts';
import { createLogger } from '../src/kit/logger.ts';
import { createKey } from '../src/modules/api-keys/service.ts';
import { createCustomer } from '../src/modules/customers/service.ts';
import { ensureProject } from '../src/modules/projects/service.ts';
import { startServer, stopServer, storageArgs } from '../test/support/cli.ts';
import { freshDatabase, type TestStorageOptions } from '../test/support/storage.ts';
import { benchEngines, runOnEngines } from './support/engines.ts';
import { machineLines, writeReportBlock } from './support/report.ts';

const CUSTOMERS = Math.min(Number(process.env.BENCH_CUSTOMERS ?? 100_000), 1_000_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 32;
/** The docs block is written only when both engines ran. */
const ENGINES = benchEngines();
const BATCH = 1000;
const SECRET = 'the-bench-app-hs256-secret-of-32-characters';
/** Customers of the baseline project. */
const SMALL = 10;
const LARGE_PATH = '/api/billing/subscription';
const SMALL_PATH = '/small/api/billing/subscription';
/** Among CUSTOMERS customers the lookup should keep at least this share of its throughput among SMALL. */
const TARGET = 0.8;

interface Row {
  engine: Engine;
  name: string;
  rps: number;
  p99: number;
}

async function measure(engine: Engine, name: string, options: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  if (result.non2xx + result.errors > 0) throw new Error(`${engine} ${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors; not a valid measurement`);
  const row = { engine, name, rps: result['2xx'] / result.duration, p99: result.latency.p99 };
  console.error(`${engine} ${name}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms`);
  return row;
}

/** Two measurements of one endpoint as one row: mean throughput, the worse p99. */
const mean = (name: string, a: Row, b: Row): Row => ({ engine: a.engine, name, rps: (a.rps + b.rps) / 2, p99: Math.max(a.p99, b.p99) });

/** A project with the companion endpoint enabled (at `path`) and `count` customers, written through the customers service. */
async function seedProject(db: Db, api: (secret: string) => ApiClient, count: number, path: string): Promise<void> {
  const project = await ensureProject(db, systemClock, `Lookup bench (${count} customers)`);
  const key = await createKey(db, systemClock, { projectId: project.id, livemode: false, name: 'bench' });
  const client = api(key.secret);
  await client.post('/v1/app_endpoint_settings', { jwt_secret: SECRET });
  await client.post('/v1/app_endpoints', { preset: 'bearer-data-subscription', path });
  const scope = { projectId: project.id, livemode: false };
  const started = Date.now();
  for (let from = 0; from < count; from += BATCH) {
    await db.transaction().execute(async (trx) => {
      const ctx = { db: trx, scope, clock: systemClock, requestId: null, idempotencyKey: null };
      for (let i = from; i < Math.min(from + BATCH, count); i++) {
        await createCustomer(ctx, { email: `user${i}@example.com`, name: `User ${i}`, metadata: { bursar_ref: `user_${i}`, plan: 'team' } });
      }
    });
  }
  console.error(`seeded ${count} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The large project, and a small one serving the same endpoint at another path: the baseline without many customers. */
async function seed(options: TestStorageOptions): Promise<void> {
  const storage = await openStorage(options);
  try {
    const app = createApp({ db: storage.db, clock: systemClock, logger: createLogger('warn', 2) });
    const api = (secret: string) => apiClient(app, secret);
    await seedProject(storage.db, api, CUSTOMERS, LARGE_PATH);
    await seedProject(storage.db, api, SMALL, SMALL_PATH);
  } finally {
    await storage.close();
  }
}

async function run(engine: Engine): Promise<Row[]> {
  const fresh = await freshDatabase(engine);
  try {
    await seed(fresh.options);
    const server = await startServer(storageArgs(fresh.options), { LOG_LEVEL: 'warn' });
    try {
      const now = Math.floor(Date.now() / 1000);
      // The caller in the middle of each project.
      const token = (count: number) => new SignJWT({ sub: `user_${Math.floor(count / 2)}` }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(now + 3600).sign(new TextEncoder().encode(SECRET));
      const large = { url: `${server.url}${LARGE_PATH}`, headers: { authorization: `Bearer ${await token(CUSTOMERS)}` } };
      const small = { url: `${server.url}${SMALL_PATH}`, headers: { authorization: `Bearer ${await token(SMALL)}` } };
      for (const { url, headers } of [large, small]) {
        const check = await fetch(url, { headers });
        if (check.status !== 200) throw new Error(`${url} answered ${check.status}: ${await check.text()}`);
      }
      for (const warm of [large, small]) await autocannon({ ...warm, connections: CONNECTIONS, duration: 2 }); // warm-up
      const healthz = await measure(engine, 'GET /healthz', { url: `${server.url}/healthz` });
      // Large, small, small, large: neither project gets the better place in the run.
      const [l1, s1, s2, l2] = [
        await measure(engine, 'large', large),
        await measure(engine, 'small', small),
        await measure(engine, 'small', small),
        await measure(engine, 'large', large),
      ];
      return [healthz, mean(`GET ${LARGE_PATH} (${CUSTOMERS} customers)`, l1, l2), mean(`GET ${SMALL_PATH} (${SMALL} customers)`, s1, s2)];
    } finally {
      await stopServer(server);
    }
  } finally {
    await fresh.drop();
  }
}

const rows = await runOnEngines(ENGINES, run);

if (ENGINES.length < 2) process.exit(0);
const rowsOf = (engine: Engine) => rows.filter((r) => r.engine === engine);
const ratio = (engine: Engine) => rowsOf(engine)[1].rps / rowsOf(engine)[2].rps;
const table = [
  '| engine | endpoint (project size) | req/s | p99 latency (ms) | throughput vs /healthz |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.engine} | \`${r.name}\` | ${r.rps.toFixed(0)} | ${r.p99} | ${((r.rps / rows.find((b) => b.engine === r.engine)!.rps) * 100).toFixed(0)}% |`),
];
const verdict = (engine: Engine) => `${engine} ${ratio(engine) >= TARGET ? 'met' : '**not met**'} (${(ratio(engine) * 100).toFixed(0)}%)`;
const results = `${machineLines().join('\n')}
- ${CUSTOMERS} customers in the large project, ${SMALL} in the small one, ${CONNECTIONS} connections, ${DURATION_S} s per measurement

${table.join('\n')}

Target: among ${CUSTOMERS} customers the endpoint keeps at least ${TARGET * 100}% of its throughput among ${SMALL}: ${verdict('sqlite')}, ${verdict('postgres')}.`;

writeReportBlock({ id: 'bench:lookup', command: 'npm run bench:lookup', body: results, intro: '## App endpoint customer lookup' });
console.error(`\nWrote docs/performance.md\n\n${table.join('\n')}`);
