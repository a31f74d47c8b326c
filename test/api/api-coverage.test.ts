import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { coverageTable } from '../../scripts/api-coverage.ts';

// docs/api.md tells which Billing methods of the stripe package Bursar serves: the table is
// what the route table serves today, so a new endpoint, or an SDK upgrade, updates the docs.
it("docs/api.md's coverage table is what Bursar serves of the installed stripe package (npm run api-coverage)", () => {
  const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const section = /\n## Coverage\n[\s\S]*?(\| SDK method \|[\s\S]*?Billing methods served\.)/.exec(docs);
  assert.ok(section, 'docs/api.md has a Coverage section with the table');
  assert.equal(section[1], coverageTable());
});
