// What every benchmark writes into docs/performance.md: the machine it ran on, and its
// own marked block, replaced on each run while the notes around it are kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';

/** The machine and date of a run, as Markdown list items. */
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

export interface ReportBlock {
  /** Names the block's markers: `<!-- <id>:start … -->` … `<!-- <id>:end -->`. */
  id: string;
  /** The npm command that writes it, named in the start marker. */
  command: string;
  body: string;
  /** Notes placed before the block when the doc has none yet (appended to the doc). */
  intro: string;
}

const DOC = new URL('../../docs/performance.md', import.meta.url);

/** Replaces the block in docs/performance.md, or appends it with its intro the first time. */
export function writeReportBlock({ id, command, body, intro }: ReportBlock): void {
  const block = `<!-- ${id}:start (written by \`${command}\`) -->\n${body}\n<!-- ${id}:end -->`;
  const previous = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Performance\n';
  const marked = new RegExp(`<!-- ${id}:start[\\s\\S]*?<!-- ${id}:end -->`);
  const doc = marked.test(previous) ? previous.replace(marked, () => block) : `${previous.trimEnd()}\n\n${intro}\n\n${block}\n`;
  writeFileSync(DOC, doc);
}
