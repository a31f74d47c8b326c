/** `['items', 0, 'price']` → `items[0][price]`, a parameter's name as Stripe prints it. */
export function paramName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (i === 0 ? String(p) : `[${String(p)}]`)).join('');
}
