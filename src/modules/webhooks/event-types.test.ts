import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentedExtensions } from '../../../test/support/conformance.ts';
import { BURSAR_EVENT_TYPES } from '../events/event-types.ts';

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
  assert.deepEqual([...recorded].filter((t) => !listedTypes().has(t)).sort(), []);
});

function listedTypes(): Set<string> {
  const doc = readFileSync(join(root, 'docs/webhooks.md'), 'utf8');
  return new Set([...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]!));
}

it('every event type docs/webhooks.md lists is one of Stripe’s own, but for the documented extensions', () => {
  // Stripe's event names as the stripe package declares them (Stripe.Event.Type).
  const declarations = readFileSync(join(root, 'node_modules/stripe/esm/resources/Events.d.ts'), 'utf8');
  const union = /^\s*type Type = ([^;]+);/m.exec(declarations)![1]!;
  const stripeTypes = new Set([...union.matchAll(/'([a-z0-9_.]+)'/g)].map((m) => m[1]!));
  assert.ok(stripeTypes.has('customer.subscription.updated') && stripeTypes.size > 200);
  const notStripes = [...listedTypes()].filter((t) => !stripeTypes.has(t)).sort();
  assert.deepEqual(notStripes, [...BURSAR_EVENT_TYPES].sort());
  const extensions = documentedExtensions().filter((e) => e.object === 'event').map((e) => e.field);
  assert.deepEqual(extensions.sort(), BURSAR_EVENT_TYPES.map((t) => `type = ${t}`).sort());
});
