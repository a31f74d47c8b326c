/** Parses a JSON column; columns hold JSON text on both engines. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  return text == null || text === '' ? fallback : (JSON.parse(text) as T);
}

export function toJson(value: unknown): string | null {
  return value == null ? null : JSON.stringify(value);
}

/** Stable JSON (sorted keys) so equal parameters hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
