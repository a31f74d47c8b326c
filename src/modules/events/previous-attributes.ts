type Json = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Stripe's `previous_attributes`: the old values of what changed, recursing into
 * nested objects so only changed keys appear (a key that was added shows as null).
 */
export function previousAttributes(before: Json, after: Json): Json {
  // Own keys only, into an object without a prototype: a metadata key may be `__proto__`.
  const out: Json = Object.create(null);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = Object.hasOwn(before, key) ? before[key] : undefined;
    const b = Object.hasOwn(after, key) ? after[key] : undefined;
    if (isPlainObject(a) && isPlainObject(b)) {
      const nested = previousAttributes(a, b);
      if (Object.keys(nested).length > 0) out[key] = nested;
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out[key] = a === undefined ? null : a;
    }
  }
  return out;
}
