// `npm test`: runs every test on SQLite and PostgreSQL. Starts a throwaway PostgreSQL
// cluster itself unless BURSAR_TEST_DATABASE_URL names one, and finds or installs Chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './chromium.ts';
import { startPgCluster } from './pg-cluster.ts';

const given = process.env.BURSAR_TEST_DATABASE_URL;
const pg = given ? null : await startPgCluster();
// A folder stands for the tests below it (node --test takes only files and globs).
const patterns = process.argv.slice(2).map((p) => (existsSync(p) && statSync(p).isDirectory() ? `${p.replace(/\/$/, '')}/**/*.test.ts` : p));
const files = patterns.length > 0 ? patterns : ['src/**/*.test.ts', 'test/**/*.test.ts'];
// The browser tests (test/e2e) drive a real Chromium: found, or installed, before they start.
const browser = files.some((f) => f.startsWith('test/e2e') || f === 'test/**/*.test.ts') ? ensureChromium() : undefined;
// Node 24.9 exits 0 when only a hook (an `after` that throws) failed: a TAP copy of the
// report is read as well, and any `not ok` in it fails the run.
const tapDir = mkdtempSync(join(tmpdir(), 'bursar-test-'));
const tap = join(tapDir, 'report.tap');
const child = spawn(
  process.execPath,
  [
    '--disable-warning=ExperimentalWarning', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, BURSAR_TEST_DATABASE_URL: given ?? pg!.url, ...(browser ? { BURSAR_CHROMIUM: browser } : {}) } },
);
const exit: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
const failed = existsSync(tap) ? readFileSync(tap, 'utf8').split('\n').filter((line) => /^\s*not ok \d+/.test(line)) : [];
rmSync(tapDir, { recursive: true, force: true });
if (exit === 0 && failed.length > 0) console.error(`\n${failed.length} failed (a hook, or a test Node's exit code missed):\n${failed.join('\n')}`);
pg?.stop();
process.exit(exit !== 0 || failed.length > 0 ? 1 : 0);
