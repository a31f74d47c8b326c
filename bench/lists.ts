// `npm run bench:lists`: list pages in a project of BENCH_ROWS customers and as many events
// (default 1 000 000), against the same pages in a project of 100, in the same run, on SQLite
// and PostgreSQL. Rows are bulk-written by one INSERT … SELECT each (a recursive CTE on SQLite,
// generate_series on PostgreSQL), not through the API: a million API calls would take hours
// on a small machine. Bursar runs in a child process (LOG_LEVEL=warn) on 127.0.0.1; autocannon
// drives first pages and deep cursor pages (the middle of the table), with and without
// filters. A page should cost the same whatever the table's size: the ratio is ~1.
// Writes its block of docs/performance.md.
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openStorage, type Db } from '../src/db/database.ts';
import type { Engine } from '../src/db/engine.ts';
import { systemClock } from '../src/kit/clock.ts';
import { createKey } from '../src/modules/api-keys/service.ts';
import { ensureProject } from '../src/modules/projects/service.ts';
import { startServer, stopServer, storageArgs } from '../test/support/cli.ts';
import { freshDatabase } from '../test/support/storage.ts';
import { benchEngines, runOnEngines } from './support/engines.ts';
import { machineLines, writeReportBlock } from './support/report.ts';

const LARGE = Math.min(Number(process.env.BENCH_ROWS ?? 1_000_000), 1_000_000);
const SMALL = 100;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 3);
const CONNECTIONS = 16;
/** The docs block is written only when both engines ran. */
const ENGINES = benchEngines();
/** Event types, one row in five each. */
const TYPES = ['customer.created', 'customer.updated', 'invoice.created', 'invoice.paid', 'payment_method.attached'];
/** A page among LARGE rows should keep at least this share of its throughput among SMALL. */
const TARGET = 0.8;

interface Project {
  key: string;
  rows: number;
  /** Ids of the row in the middle of each table: where a deep cursor page starts. */
  middleCustomer: string;
  middleEvent: string;
  /** `created` of the middle row. */
  middleCreated: number;
}

/**
 * `rows` customers and `rows` events of one project, one second apart, written by one
 * statement per table. Columns left out take their defaults.
 */
async function bulkSeed(db: Db, engine: Engine, projectId: string, tag: string, rows: number, start: number): Promise<void> {
  // The numbers 1…rows as the rows of `n(i)`.
  const numbers = engine === 'sqlite' ? sql`(with recursive n(i) as (select 1 union all select i + 1 from n where i < ${rows}) select i from n) as n` : sql`generate_series(1, ${rows}) as n(i)`;
  const pad = (i: ReturnType<typeof sql>) => (engine === 'sqlite' ? sql`printf('%08d', ${i})` : sql`lpad(${i}::text, 8, '0')`);
  const i = sql.ref('n.i');
  await sql`insert into customers (id, project_id, livemode, created, email, name, invoice_prefix)
    select ${sql.lit(`cus_${tag}`)} || ${pad(i)}, ${projectId}, 0, ${start} + ${i}, 'user' || ${i} || '@example.com', 'User ' || ${i}, 'B' || ${pad(i)}
    from ${numbers}`.execute(db);
  const type = sql`(case ${i} % 5 ${sql.join(TYPES.map((t, k) => sql`when ${sql.lit(k)} then ${sql.lit(t)}`), sql` `)} end)`;
  await sql`insert into events (id, project_id, livemode, created, type, api_version, data, recorded_at)
    select ${sql.lit(`evt_${tag}`)} || ${pad(i)}, ${projectId}, 0, ${start} + ${i}, ${type}, '2026-10-28.endive',
      '{"object":{"id":"cus_' || ${pad(i)} || '","object":"customer"}}', ${start + rows}
    from ${numbers}`.execute(db);
  if (engine === 'postgres') await sql`analyze customers; analyze events`.execute(db);
}

async function seedProject(db: Db, engine: Engine, rows: number): Promise<Project> {
  const project = await ensureProject(db, systemClock, `List bench (${rows} rows)`);
  const key = await createKey(db, systemClock, { projectId: project.id, livemode: false, name: 'bench' });
  const tag = rows === SMALL ? 'small' : 'large';
  const start = systemClock.now() - rows - 60;
  const started = Date.now();
  await bulkSeed(db, engine, project.id, tag, rows, start);
  console.error(`${engine}: seeded ${rows} customers and ${rows} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const middle = String(Math.floor(rows / 2)).padStart(8, '0');
  return { key: key.secret, rows, middleCustomer: `cus_${tag}${middle}`, middleEvent: `evt_${tag}${middle}`, middleCreated: start + Math.floor(rows / 2) };
}

/** The pages measured, as paths of one project. */
function pages(p: Project): { name: string; path: string }[] {
  return [
    { name: 'customers, first page', path: '/v1/customers?limit=10' },
    { name: 'customers, deep cursor', path: `/v1/customers?limit=10&starting_after=${p.middleCustomer}` },
    { name: 'customers, created range, deep cursor', path: `/v1/customers?limit=10&created[lte]=${p.middleCreated}&starting_after=${p.middleCustomer}` },
    { name: 'customers, email', path: `/v1/customers?limit=10&email=user${Math.floor(p.rows / 2)}@example.com` },
    { name: 'events, first page', path: '/v1/events?limit=10' },
    { name: 'events, deep cursor', path: `/v1/events?limit=10&starting_after=${p.middleEvent}` },
    { name: 'events, type, deep cursor', path: `/v1/events?limit=10&type=invoice.paid&starting_after=${p.middleEvent}` },
    { name: 'events, type customer.*', path: '/v1/events?limit=10&type=customer.*' },
    { name: 'events, types[] of two', path: '/v1/events?limit=10&types[]=invoice.created&types[]=invoice.paid' },
  ];
}

/** Two measurements of one page as one: mean throughput, the worse p99. */
interface Measured {
  rps: number;
  p99: number;
}

interface Row {
  engine: Engine;
  name: string;
  small: Measured;
  large: Measured;
}

async function measure(url: string, key: string): Promise<autocannon.Result> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers: { authorization: `Bearer ${key}` } });
  if (result.non2xx + result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors; not a valid measurement`);
  return result;
}

const rps = (r: autocannon.Result) => r['2xx'] / r.duration;
const mean = (a: autocannon.Result, b: autocannon.Result): Measured => ({ rps: (rps(a) + rps(b)) / 2, p99: Math.max(a.latency.p99, b.latency.p99) });

async function run(engine: Engine): Promise<Row[]> {
  const fresh = await freshDatabase(engine);
  try {
    const storage = await openStorage(fresh.options);
    let small: Project;
    let large: Project;
    try {
      small = await seedProject(storage.db, engine, SMALL);
      large = await seedProject(storage.db, engine, LARGE);
    } finally {
      await storage.close();
    }
    const server = await startServer(storageArgs(fresh.options), { LOG_LEVEL: 'warn' });
    try {
      const rows: Row[] = [];
      const smallPages = pages(small);
      const largePages = pages(large);
      for (const [k, page] of smallPages.entries()) {
        for (const [p, path] of [[small, page.path], [large, largePages[k].path]] as const) {
          const check = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${p.key}` } });
          const body = (await check.json()) as { data?: unknown[] };
          if (check.status !== 200 || !body.data?.length) throw new Error(`${path} answered ${check.status} with ${JSON.stringify(body).slice(0, 200)}`);
        }
        await measure(`${server.url}${page.path}`, small.key); // warm-up
        // Small, large, large, small: neither project gets the better place in the run.
        const s1 = await measure(`${server.url}${page.path}`, small.key);
        const l1 = await measure(`${server.url}${largePages[k].path}`, large.key);
        const l2 = await measure(`${server.url}${largePages[k].path}`, large.key);
        const s2 = await measure(`${server.url}${page.path}`, small.key);
        const row = { engine, name: page.name, small: mean(s1, s2), large: mean(l1, l2) };
        console.error(`${engine} ${page.name}: ${row.small.rps.toFixed(0)} vs ${row.large.rps.toFixed(0)} pages/s (${SMALL} vs ${LARGE} rows)`);
        rows.push(row);
      }
      return rows;
    } finally {
      await stopServer(server);
    }
  } finally {
    await fresh.drop();
  }
}

const started = Date.now();
const rows = await runOnEngines(ENGINES, run);

const ratio = (r: Row) => r.large.rps / r.small.rps;
const table = [
  `| engine | page | pages/s, ${SMALL} rows | p99 (ms) | pages/s, ${LARGE} rows | p99 (ms) | ratio |`,
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.engine} | ${r.name} | ${r.small.rps.toFixed(0)} | ${r.small.p99} | ${r.large.rps.toFixed(0)} | ${r.large.p99} | ${ratio(r).toFixed(2)} |`),
];
console.error(`\n${table.join('\n')}\n\n${((Date.now() - started) / 1000).toFixed(0)} s in all`);
if (ENGINES.length < 2) process.exit(0);
const worst = (engine: Engine) => Math.min(...rows.filter((r) => r.engine === engine).map(ratio));
const verdict = (engine: Engine) => `${engine} ${worst(engine) >= TARGET ? 'met' : '**not met**'} (worst ratio ${worst(engine).toFixed(2)})`;
const results = `${machineLines().join('\n')}
- ${LARGE} customers and ${LARGE} events in the large project, ${SMALL} of each in the small one, ${CONNECTIONS} connections, ${DURATION_S} s per measurement (two per project, interleaved; the mean)

${table.join('\n')}

Target: every page among ${LARGE} rows keeps at least ${TARGET * 100}% of its throughput among ${SMALL}: ${verdict('sqlite')}, ${verdict('postgres')}.`;

writeReportBlock({ id: 'bench:lists', command: 'npm run bench:lists', body: results, intro: '## List pages' });
console.error('\nWrote docs/performance.md');
