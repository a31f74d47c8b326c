import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

it('docs/webhooks.md lists every event type the code records', () => {
  const recorded = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    // recordEvent(ctx, 'type', …), and the types passed on to a helper that records them.
    for (const m of text.matchAll(/recordEvent\(\s*ctx,\s*'([a-z_.]+)'/g)) recorded.add(m[1]);
    for (const m of text.matchAll(/moved\([^;]*?'(customer\.subscription\.[a-z_]+)'\)/g)) recorded.add(m[1]);
  }
  assert.ok(recorded.size >= 30, `found ${recorded.size} event types`);
  const doc = readFileSync(join(root, 'docs/webhooks.md'), 'utf8');
  const listed = new Set([...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]));
  assert.deepEqual([...recorded].filter((t) => !listed.has(t)).sort(), []);
});
