import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiRoutes, expandRegistry } from '../../src/api/routes.ts';
import { expandableFields } from '../support/expandable-fields.ts';

/** Every object a route answers with. */
const served = [...new Set(apiRoutes.map(({ returns }) => (typeof returns === 'string' ? returns : 'list' in returns ? returns.list : returns.search)))];

/** `object.path` names docs/api.md lists under "Fields that do not expand". */
function documentedNotExpandable(): Set<string> {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('| Fields that do not expand |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  return new Set(rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])));
}

describe("expandable fields of Stripe's declarations", () => {
  const fields = expandableFields(served);
  const notExpandable = documentedNotExpandable();

  it('finds the expandable fields of the objects Bursar serves', () => {
    const names = fields.map((f) => `${f.object}.${f.path}`);
    for (const known of ['customer.subscriptions', 'subscription.discounts', 'invoice.parent.subscription_details.subscription', 'customer.invoice_settings.default_payment_method']) {
      assert.ok(names.includes(known), known);
    }
  });

  it('expands each one to the object Stripe declares, or docs/api.md says why not', () => {
    const missing: string[] = [];
    for (const f of fields) {
      const name = `${f.object}.${f.path}`;
      const registered = expandRegistry.fields[f.object]?.[f.path];
      if (registered === undefined) {
        if (!notExpandable.has(name)) missing.push(`${name} → ${f.target}`);
        continue;
      }
      assert.ok(!notExpandable.has(name), `${name} expands, yet docs/api.md lists it as not expandable`);
      // A list shown when expanded leads to its items: `subscription_list` → `data` → subscription.
      const target = f.includable ? expandRegistry.fields[registered]?.data : registered;
      assert.equal(target, f.target, `${name} expands to ${target}, Stripe declares ${f.target}`);
    }
    assert.deepEqual(missing, [], 'expandable in Stripe, neither expanded by Bursar nor listed in docs/api.md');
  });

  it('lists in docs/api.md only fields Stripe declares expandable', () => {
    const names = new Set(fields.map((f) => `${f.object}.${f.path}`));
    assert.deepEqual([...notExpandable].filter((n) => !names.has(n)), []);
  });
});
