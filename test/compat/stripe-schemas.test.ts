import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateSchemas, schemasFile, serialize } from '../../scripts/stripe-schemas.ts';

it('test/support/stripe-schemas.json is what the installed stripe package declares (npm run stripe-schemas rewrites it)', () => {
  const committed = readFileSync(schemasFile, 'utf8');
  const generated = serialize(generateSchemas());
  const head = (text: string) => JSON.parse(text.slice(0, text.indexOf(',"types":')) + '}') as { stripe: string; apiVersion: string };
  // The versions first: after an upgrade, that is the difference worth reading.
  assert.deepEqual(head(committed), head(generated));
  const lines = (text: string) => new Set(text.split('\n'));
  const [now, then] = [lines(generated), lines(committed)];
  assert.deepEqual(
    { added: [...now].filter((l) => !then.has(l)).map((l) => l.slice(0, 200)), removed: [...then].filter((l) => !now.has(l)).map((l) => l.slice(0, 200)) },
    { added: [], removed: [] },
  );
});
