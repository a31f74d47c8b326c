// `npm test`: runs every test on SQLite and PostgreSQL. Starts a throwaway PostgreSQL
// cluster itself unless BURSAR_TEST_DATABASE_URL names one, and finds or installs Chromium.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { ensureChromium } from './chromium.ts';
import { startPostgres } from './postgres.ts';

const given = process.env.BURSAR_TEST_DATABASE_URL;
const pg = given ? null : await startPostgres();
// A folder stands for the tests below it (node --test takes only files and globs).
const patterns = process.argv.slice(2).map((p) => (existsSync(p) && statSync(p).isDirectory() ? `${p.replace(/\/$/, '')}/**/*.test.ts` : p));
const files = patterns.length > 0 ? patterns : ['src/**/*.test.ts', 'test/**/*.test.ts'];
// The browser tests (test/e2e) drive a real Chromium: found, or installed, before they start.
const browser = files.some((f) => f.startsWith('test/e2e') || f === 'test/**/*.test.ts') ? ensureChromium() : undefined;
const child = spawn(
  process.execPath,
  ['--disable-warning=ExperimentalWarning', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, BURSAR_TEST_DATABASE_URL: given ?? pg!.url, ...(browser ? { BURSAR_CHROMIUM: browser } : {}) } },
);
const code: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
pg?.stop();
process.exit(code);
