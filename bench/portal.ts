// `npm run bench:portal`: the customer portal's overview for a customer with 3 subscriptions
// and 100 invoices: renders/s under load and server time p50/p99 one request at a time,
// each against /healthz in the same run; and what every portal page weighs.
// Bursar runs in a child process (SQLite, temp data dir, LOG_LEVEL=warn) on 127.0.0.1; the
// customer is set up through the stripe SDK. Writes its own block in docs/performance.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Stripe from 'stripe';
import { runCli, startServer, stopServer } from '../test/support/cli.ts';
import { PAGE_BUDGET_BYTES, openLink, pageWeight, portalTour, seedPortalCustomer } from '../test/support/portal-tour.ts';
import { machineLines, writeReportBlock } from './support/report.ts';

const CONNECTIONS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** Requests timed one at a time for the server-time percentiles (bounded). */
const SERIAL = Math.min(Number(process.env.BENCH_SERIAL ?? 500), 5000);
const SUBSCRIPTIONS = 3;
const INVOICES = 100;

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

async function throughput(name: string, url: string, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
  const bad = result.non2xx + result.errors;
  if (bad > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors; not a valid measurement`);
  return result['2xx'] / result.duration;
}

/** Time to the last byte of one request with nothing else in flight: the server's time plus loopback HTTP. */
async function serverTime(url: string, headers: Record<string, string>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < SERIAL; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}; not a valid measurement`);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { p50: at(0.5), p99: at(0.99) };
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  const rps = await throughput(name, url, headers);
  const row = { name, rps, ...(await serverTime(url, headers)) };
  console.error(`${name}: ${row.rps.toFixed(0)} req/s; one at a time p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms`);
  return row;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bursar-bench-portal-'));
const data = ['--data', dataDir];
const server = await startServer(data, { LOG_LEVEL: 'warn' });
let rows: Row[];
let weights: { name: string; html: number; assets: number; total: number }[] = [];
try {
  const created = await runCli(['keys', 'create', '--mode', 'test', '--name', 'bench', '--json', ...data]);
  if (created.code !== 0) throw new Error(created.stderr);
  const { hostname, port } = new URL(server.url);
  const stripe = new Stripe(JSON.parse(created.stdout).secret, { host: hostname, port, protocol: 'http' });
  // Each subscription's first invoice counts among the 100.
  const seeded = await seedPortalCustomer(stripe, { subscriptions: SUBSCRIPTIONS, invoices: INVOICES - SUBSCRIPTIONS });
  const invoices = await stripe.invoices.list({ customer: seeded.customer.id, limit: 100 });
  if (invoices.data.length !== INVOICES || invoices.has_more) throw new Error(`the customer has ${invoices.data.length}${invoices.has_more ? '+' : ''} invoices, not ${INVOICES}`);
  const session = await stripe.billingPortal.sessions.create({ customer: seeded.customer.id, return_url: 'https://app.example.com/account' });
  const cookie = await openLink(server.url + new URL(session.url).pathname);
  const overview = `${server.url}/p`;
  const page = await (await fetch(overview, { headers: { cookie } })).text();
  const shown = page.match(/<section class="card"/g)?.length ?? 0;
  if (shown !== SUBSCRIPTIONS) throw new Error(`the overview shows ${shown} subscriptions, not ${SUBSCRIPTIONS}`);

  for (const stop of portalTour(seeded)) weights.push({ name: stop.name, ...(await pageWeight(server.url, stop.path, cookie)) });

  // Warm up (JIT, statement cache) so the first measurement is not penalised.
  await autocannon({ url: overview, headers: { cookie }, connections: CONNECTIONS, duration: 2 });
  rows = [await measure('GET /healthz', `${server.url}/healthz`), await measure('GET /p (overview)', overview, { cookie })];
} finally {
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

const [base, portal] = rows;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const renders = [
  '| request | req/s | vs /healthz | server time p50 (ms) | p99 (ms) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| \`${r.name}\` | ${r.rps.toFixed(0)} | ${((r.rps / base.rps) * 100).toFixed(1)}% | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`),
];
const pages = [
  `| page | HTML (KB) | CSS and script (KB) | total (KB) | within ${PAGE_BUDGET_BYTES / 1024} KB |`,
  '| --- | ---: | ---: | ---: | :---: |',
  ...weights.map((w) => `| ${w.name} | ${kb(w.html)} | ${kb(w.assets)} | ${kb(w.total)} | ${w.total <= PAGE_BUDGET_BYTES ? 'yes' : '**no**'} |`),
];
const results = `${machineLines().join('\n')}

${renders.join('\n')}

This run: ${DURATION_S} s under load and ${SERIAL} requests one at a time per request. The overview takes
${(portal.p50 / base.p50).toFixed(1)}× the server time of \`/healthz\` at the median and renders ${(portal.rps / base.rps * 100).toFixed(1)}% of its throughput.

${pages.join('\n')}`;

writeReportBlock({
  id: 'bench-portal',
  command: 'npm run bench:portal',
  body: results,
  intro: `## Customer portal

\`npm run bench:portal\` (bench/portal.ts) starts Bursar in a child process on SQLite (a temp
data dir, \`LOG_LEVEL=warn\`) and sets up, through the stripe SDK, a customer with
${SUBSCRIPTIONS} subscriptions and ${INVOICES} finalized invoices, then opens a portal session link for the
portal cookie. The overview (\`GET /p\`: every subscription with its next invoice from the
invoice preview) and \`GET /healthz\` are measured in the same run: throughput with autocannon
(${CONNECTIONS} connections, 10 s each unless \`BENCH_DURATION\` says otherwise, after a 2 s
warm-up), and server time as 500 requests one at a time from the bench process (\`BENCH_SERIAL\`
changes the count; time to the last byte over loopback, so it includes a little HTTP).

Page weights are what a first visit transfers: status line, headers and body of the page and
of every stylesheet and script it links (no compression; a branding logo is not counted).
test/e2e/portal-pages.test.ts fails when a page is over ${PAGE_BUDGET_BYTES / 1024} KB.`,
});
console.error(`\nWrote docs/performance.md\n\n${renders.join('\n')}\n\n${pages.join('\n')}`);
