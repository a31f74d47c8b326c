// Finds the Chromium the browser tests drive (BURSAR_CHROMIUM, or `chromium` on PATH) and,
// on a fresh Debian machine where it is missing, installs Debian's package.
import { spawnSync } from 'node:child_process';

const NAMES = ['chromium', 'chromium-browser'];

function onPath(name: string): string {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
}

function find(): string | null {
  if (process.env.BURSAR_CHROMIUM) return process.env.BURSAR_CHROMIUM;
  for (const name of NAMES) {
    const path = onPath(name);
    if (path) return path;
  }
  return null;
}

export function ensureChromium(): string {
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error('Chromium was not found: install it (apt-get install -y chromium) or set BURSAR_CHROMIUM to its path.');
  }
  console.error('Installing Chromium for the browser tests (apt-get install -y chromium) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  }
  const installed = find();
  if (!installed) throw new Error('Chromium was installed but is not on PATH');
  return installed;
}
