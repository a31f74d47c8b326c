import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestStorage } from './storage.ts';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const NODE_ARGS = ['--disable-warning=ExperimentalWarning', CLI];

/** The environment of a child Bursar: nothing from the caller's shell that would change its config. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['PORT', 'HOST', 'BURSAR_DATA_DIR', 'DATABASE_URL', 'BURSAR_PUBLIC_URL', 'LOG_LEVEL', 'BURSAR_SECRET_KEY', 'BURSAR_SECRET_KEYS_OLD']) delete env[name];
  return { ...env, ...extra };
}

/** `--data`/`--database-url` (and `--secret-key`) flags naming a test database. */
export function storageArgs(options: TestStorage['options']): string[] {
  return [
    '--data',
    options.dataDir,
    ...(options.databaseUrl ? ['--database-url', options.databaseUrl] : []),
    ...(options.secretKeys?.length ? ['--secret-key', options.secretKeys[0]!.toString('base64')] : []),
  ];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to its end (bounded by `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bursar ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** JSON log lines read from stdout so far. */
  logs: any[];
  stderr(): string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Starts `bursar serve` on a free loopback port and waits until it prints where it listens. */
export function startServer(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RunningServer> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: any[] = [];
  // stdout carries JSON lines only; anything else is kept as `raw` for the assertion to show.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line));
    } catch {
      logs.push({ raw: line });
    }
  });
  let stderr = '';
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bursar serve did not listen in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    exited.then((code) => reject(new Error(`bursar serve exited (${code}) before listening\n${stderr}`)));
    child.stderr!.on('data', (d) => {
      stderr += d;
      const url = stderr.match(/listening on (http:\/\/\S+) /)?.[1]; // up to the space: the whole URL
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, logs, stderr: () => stderr, exited });
      }
    });
  });
}

/** Sends a signal and waits for the exit, killing the process if it outlives `timeoutMs`. */
export async function stopServer(server: RunningServer, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | string> {
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), timeoutMs);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface RunningCli {
  child: ChildProcess;
  /** stdout lines so far. */
  lines: string[];
  /** Resolves with the first stdout line matching `pattern` (now or later), failing after `timeoutMs`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | string>;
}

/** Starts a long-running CLI command (e.g. `listen`) and follows its stdout line by line. */
export function spawnCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiting) w();
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  const line = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        for (const l of lines) {
          const m = l.match(pattern);
          if (m) {
            waiting.delete(check);
            clearTimeout(timer);
            resolve(m);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiting.delete(check);
        reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`));
      }, timeoutMs);
      waiting.add(check);
      check();
    });
  return { child, lines, line, exited };
}
