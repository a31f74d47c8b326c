import { readFileSync } from 'node:fs';
import type { SchemaType, StripeSchemas } from '../../scripts/stripe-schemas.ts';
import { schemasFile } from '../../scripts/stripe-schemas.ts';

export interface ExpandableField {
  /** The object's `object` value (`customer`). */
  object: string;
  /** The field's path in it (`invoice_settings.default_payment_method`). */
  path: string;
  /** The `object` value of what it expands to. */
  target: string;
  /** Shown only when expanded (an optional list: Stripe's "includable" fields). */
  includable: boolean;
}

const loadSchemas = (): StripeSchemas => JSON.parse(readFileSync(schemasFile, 'utf8'));

/**
 * Every field Stripe's declarations mark expandable (`string | Stripe.X`, `Array<string | X>`)
 * or includable (an optional `ApiList<X>`) on the given objects, nested structures included.
 */
export function expandableFields(objects: readonly string[]): ExpandableField[] {
  const schemas = loadSchemas();
  const objectOf = new Map<string, string>();
  for (const [object, type] of Object.entries(schemas.objects)) objectOf.set(type, object);
  for (const [object, type] of Object.entries(schemas.deleted)) if (!objectOf.has(type)) objectOf.set(type, object);
  const out: ExpandableField[] = [];
  const targetOf = (types: SchemaType[]) => {
    if (!types.includes('string')) return undefined;
    const named = types.filter((t): t is string => typeof t === 'string' && objectOf.has(t));
    return named.length > 0 ? objectOf.get(named[0]) : undefined;
  };
  const walk = (object: string, typeName: string, prefix: string, seen: Set<string>) => {
    for (const [key, type] of Object.entries(schemas.types[typeName] ?? {})) {
      const optional = key.endsWith('?');
      const path = prefix + (optional ? key.slice(0, -1) : key);
      const union = Array.isArray(type) ? type : [type];
      const array = !Array.isArray(type) && typeof type === 'object' && 'array' in type ? (type.array as SchemaType) : undefined;
      const list = !Array.isArray(type) && typeof type === 'object' && 'list' in type ? (type.list as SchemaType) : undefined;
      const target = targetOf(union) ?? (array !== undefined && Array.isArray(array) ? targetOf(array) : undefined);
      if (target) {
        out.push({ object, path, target, includable: false });
      } else if (list !== undefined && optional) {
        const item = Array.isArray(list) ? list[0] : list;
        out.push({ object, path, target: typeof item === 'string' ? (objectOf.get(item) ?? item) : 'unknown', includable: true });
      } else {
        // A nested structure of this object (not another object): its fields are this object's too.
        for (const t of union) {
          if (typeof t === 'string' && schemas.types[t] && !objectOf.has(t) && !seen.has(t)) walk(object, t, `${path}.`, new Set([...seen, t]));
        }
      }
    }
  };
  for (const object of objects) {
    const type = schemas.objects[object];
    if (type) walk(object, type, '', new Set([type]));
  }
  return out;
}
