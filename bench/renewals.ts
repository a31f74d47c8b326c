// `npm run bench:renewals`: how fast the billing loop renews due subscriptions, each with a
// cycle invoice, its payment and its events, on SQLite and PostgreSQL, and how the time per
// renewal grows with the number due. Writes its block of docs/performance.md.
//
//   npm run bench:renewals -- --sizes 10000,100000 --engines sqlite,postgres --workers 1,3
//
// Per engine, size and worker count: a fresh database (SQLite in a temp dir; a new
// database on a throwaway, fsync-on PostgreSQL cluster), customers with a default test
// card and a monthly price made through the API, one subscription per customer made
// through the API, the rest copied from those by bulk SQL (bench/support/seed-subscriptions.ts).
// Then the clock moves past the period end and the real due-work loop runs until nothing is
// due; only that loop is timed. Every renewal is checked before any number is reported.
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/db/engine.ts';
import { runDueWork } from '../src/jobs/due-work.ts';
import { ManualClock } from '../src/kit/clock.ts';
import { createTestApi, silentLogger, type TestApi } from '../test/support/api.ts';
import { startPgCluster, type PgCluster } from '../scripts/pg-cluster.ts';
import { checkRenewals } from './support/check-renewals.ts';
import { machineLines, writeReportBlock } from './support/report.ts';
import { readTemplate, seedCopies } from './support/seed-subscriptions.ts';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    // SQLite has one writer, so extra workers only apply to PostgreSQL.
    workers: { type: 'string', default: '1,3' },
    customers: { type: 'string', default: '100' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const sizes = list(flags.sizes).map(Number).sort((a, b) => a - b);
const engines = list(flags.engines) as Engine[];
const workerCounts = list(flags.workers).map(Number);
const CUSTOMERS = Number(flags.customers);
for (const n of [...sizes, ...workerCounts, CUSTOMERS]) assert.ok(Number.isInteger(n) && n > 0 && n <= 1_000_000, `not a usable count: ${n}`);
for (const e of engines) assert.ok(e === 'sqlite' || e === 'postgres', `unknown engine ${e}`);

const START = Date.UTC(2026, 0, 1) / 1000;
const PRICE = 2000;

interface Run {
  engine: Engine;
  workers: number;
  size: number;
  seconds: number;
}

async function post(api: TestApi, path: string, params: Record<string, unknown>) {
  const res = await api.call('POST', path, { params });
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Customers with a default test card, a monthly price, and one subscription each through the API. */
async function createTemplates(api: TestApi, customers: number): Promise<string[]> {
  const price = await post(api, '/v1/prices', { currency: 'usd', unit_amount: PRICE, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
  const subs: string[] = [];
  for (let i = 0; i < customers; i++) {
    const cus = await post(api, '/v1/customers', { email: `customer${i}@example.com`, name: `Customer ${i}` });
    const pm = await post(api, '/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post(api, `/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    subs.push((await post(api, '/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] })).id);
  }
  return subs;
}

async function measure(engine: Engine, size: number, workers: number): Promise<Run> {
  const clock = new ManualClock(START);
  const api = await createTestApi(engine, clock);
  try {
    const label = `${described({ engine, workers })}, ${size} due`;
    const seedStart = performance.now();
    const templates = await createTemplates(api, Math.min(CUSTOMERS, size));
    const read = [];
    for (const id of templates) read.push(await readTemplate(api.storage.db, id));
    await seedCopies(api.storage.db, read, size - templates.length, (done) => process.stderr.write(`\r${label}: seeded ${templates.length + done}`));
    console.error(`\r${label}: seeded ${size} in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const periodEnd = (await api.storage.db.selectFrom('subscriptions').select('current_period_end').where('id', '=', templates[0]).executeTakeFirstOrThrow()).current_period_end;
    clock.set(periodEnd + 3600);
    const deps = { db: api.storage.db, clock, logger: silentLogger };
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: workers }, () => runDueWork(deps)));
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(results.flatMap((r) => r.failed), [], 'no renewal may fail');
    assert.equal(results.reduce((n, r) => n + r.processed, 0), size, 'every due subscription renews once');
    await checkRenewals(api, { templates, size, periodEnd, renewedAt: clock.now(), amount: PRICE });
    console.error(`${label}: ${seconds.toFixed(1)} s, ${(size / seconds).toFixed(0)} renewals/s (checked)`);
    return { engine, workers, size, seconds };
  } finally {
    await api.close();
  }
}

const perRenewal = (r: Run) => (r.seconds / r.size) * 1000;
const configs = engines.flatMap((engine) => (engine === 'sqlite' ? [1] : workerCounts).map((workers) => ({ engine, workers })));
const described = (c: { engine: Engine; workers: number }) => `${c.engine}, ${c.workers} worker${c.workers > 1 ? 's' : ''}`;

const INTRO = `## Renewals

\`npm run bench:renewals\` (bench/renewals.ts) measures the billing loop: N subscriptions
fall due at once and \`runDueWork\` (src/jobs/due-work.ts, the loop \`bursar serve\` runs)
renews them with a fixed clock until nothing is due. Each renewal is one transaction:
claim the subscription, move its period, a cycle invoice with its line, finalize (number,
link), charge the default test card, the payment row and five events
(\`customer.subscription.updated\`, \`invoice.created\`, \`invoice.finalized\`,
\`invoice.payment_succeeded\`, \`invoice.paid\`). Only that loop is timed.

Each run starts from a fresh database: SQLite in a temp dir (WAL, \`synchronous=FULL\`), or a
new database on a throwaway PostgreSQL cluster with its default settings (fsync on). ${CUSTOMERS}
customers with a default \`pm_card_visa\` card and one subscription each are made
through the API; the other subscriptions are copies of those, written by bulk SQL
(bench/support/seed-subscriptions.ts): every row the create service wrote (subscription,
item, first invoice and line, payment, events) with fresh ids, invoice numbers and invoice
links. Before a number is reported the run checks each subscription: one paid cycle invoice
of the right amount, one succeeded payment, exactly its five events, its period moved; and a
sample through the API, copies alike with subscriptions made by the API
(bench/support/check-renewals.ts). With several workers, that many due-work loops run at
once in the bench process on one connection pool, claiming with \`FOR UPDATE SKIP LOCKED\`
as separate Bursar processes would. The growth ratio compares the time per renewal at the
largest size with the smallest: 1.00 means linear.

Reproduce: \`npm install && npm run bench:renewals\` (PostgreSQL's server binaries must be
installed; \`-- --sizes 500,2000 --engines sqlite\` for a quick run, \`--workers 1\` to skip
the three-worker runs, \`--no-doc\` to leave this file alone).`;

/** The results so far as Markdown, written to the doc after every run: a long run cut short still leaves its numbers. */
function report(runs: Run[]): string {
  const table = [
    '| engine | workers | due subscriptions | time (s) | renewals/s | ms per renewal |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map((r) => `| ${r.engine} | ${r.workers} | ${r.size.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${(r.size / r.seconds).toFixed(0)} | ${perRenewal(r).toFixed(2)} |`),
  ];
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const growth = [];
  for (const c of sizes.length > 1 ? configs : []) {
    const at = (size: number) => runs.find((r) => r.engine === c.engine && r.workers === c.workers && r.size === size);
    const [s, l] = [at(small), at(large)];
    if (s && l) growth.push(`- ${described(c)}: time per renewal at ${large.toLocaleString('en-US')} / at ${small.toLocaleString('en-US')} = **${(perRenewal(l) / perRenewal(s)).toFixed(2)}**`);
  }
  const body = [machineLines().join('\n'), table.join('\n'), ...(growth.length > 0 ? [growth.join('\n')] : [])].join('\n\n');
  if (!flags['no-doc']) writeReportBlock({ id: 'bench-renewals', command: 'npm run bench:renewals', body, intro: INTRO });
  return body;
}

let cluster: PgCluster | null = null;
// A long run stopped early (Ctrl-C, timeout) stops its PostgreSQL too; finished runs are in the doc.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cluster?.stop();
    process.exit(130);
  });
}
const runs: Run[] = [];
try {
  if (engines.includes('postgres')) {
    cluster = await startPgCluster({ durable: true });
    // The test support makes each fresh PostgreSQL database on this server.
    process.env.BURSAR_TEST_DATABASE_URL = cluster.url;
  }
  // Every engine at a size before the next size: a long run cut short has them all at the smaller ones.
  for (const size of sizes) {
    for (const c of configs) {
      runs.push(await measure(c.engine, size, c.workers));
      report(runs);
    }
  }
} finally {
  cluster?.stop();
}
console.error(`\n${report(runs)}${flags['no-doc'] ? '' : '\n\nWrote docs/performance.md'}`);
