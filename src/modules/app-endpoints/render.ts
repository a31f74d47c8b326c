/** Values an envelope's `{{placeholders}}` take. */
export type RenderValues = Record<string, unknown>;

const WHOLE = /^\{\{(\w+)\}\}$/;
const ANY = /\{\{(\w+)\}\}/g;

/**
 * Fills an envelope body: a string that is one placeholder becomes the value itself (an object,
 * a number, null); placeholders inside longer strings are replaced by text. Unknown ones stay.
 */
export function render(body: unknown, values: RenderValues): unknown {
  if (typeof body === 'string') {
    const whole = WHOLE.exec(body);
    if (whole && whole[1] in values) return values[whole[1]];
    return body.replace(ANY, (match, key: string) => (key in values ? String(values[key]) : match));
  }
  if (Array.isArray(body)) return body.map((item) => render(item, values));
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, render(value, values)]));
  }
  return body;
}
