import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';

/** The machine a bench ran on, as list lines for docs/performance.md. */
export function machineLines(): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} logical CPUs`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js: ${process.version}`,
    `- OS: ${type()} ${release()} (${arch()})`,
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    // Other work on the machine skews every figure, ratios included.
    `- Load average when written (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(1)).join(', ')}`,
  ];
}

export const PERFORMANCE_DOC = new URL('../../docs/performance.md', import.meta.url);

/**
 * Writes a bench's results between `<!-- <marker>:start … -->` and `<!-- <marker>:end -->` in
 * `doc`, keeping the notes around them. A doc without that block gets it where `place` puts it.
 */
export function writeMarkedBlock(doc: URL, marker: string, command: string, results: string, place: (previous: string, block: string) => string): void {
  const block = `<!-- ${marker}:start (written by \`${command}\`) -->\n${results}\n<!-- ${marker}:end -->`;
  const previous = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  const marked = new RegExp(`<!-- ${marker}:start[\\s\\S]*?<!-- ${marker}:end -->`);
  writeFileSync(doc, marked.test(previous) ? previous.replace(marked, () => block) : place(previous, block));
}
