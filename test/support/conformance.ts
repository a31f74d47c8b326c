// Checks a JSON body Bursar answers (or a webhook payload it sends) against Stripe's own
// description of it: test/support/stripe-schemas.json, derived from the `stripe` package's
// declarations by scripts/stripe-schemas.ts. Fields Bursar adds are allowed only when
// docs/api.md lists them in its "Extensions" table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Props, SchemaType, StripeSchemas } from '../../scripts/stripe-schemas.ts';

export interface Difference {
  /** The Stripe object the field belongs to (`subscription`, `list`, `error` …). */
  object: string;
  /** The field's path inside that object (`items`, `cancellation_details.feedback`). */
  path: string;
  /** Where that object sits in the body (`data[0].items.data[1]`), empty at the top. */
  at: string;
  expected: string;
  got: string;
}

const root = join(import.meta.dirname, '../..');
const schemas = JSON.parse(readFileSync(join(root, 'test/support/stripe-schemas.json'), 'utf8')) as StripeSchemas;

export interface Extension {
  object: string;
  field: string;
  why: string;
}

/** The rows of docs/api.md's "Extensions" table: fields Bursar sends that Stripe's types lack. */
export function documentedExtensions(markdown = readFileSync(join(root, 'docs/api.md'), 'utf8')): Extension[] {
  const section = /^## Extensions\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2); // past the header and its rule
  return rows.map((row) => {
    const [object = '', field = '', why = ''] = row.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, ''));
    return { object, field, why };
  });
}

const extensions = new Set(documentedExtensions().map((e) => `${e.object} ${e.field}`));

interface Place {
  object: string;
  at: string;
  path: string;
}

const join2 = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);

/** Where `key` of the value at `place` is. */
function child(place: Place, key: string): Place {
  return { ...place, path: join2(place.path, key) };
}

function element(place: Place, i: number): Place {
  return { ...place, path: `${place.path}[${i}]` };
}

/** A value that is a Stripe object of its own starts a new place: differences name it. */
function enter(place: Place, objectName: string): Place {
  const at = place.path === '' ? place.at : place.at === '' ? place.path : `${place.at}.${place.path}`;
  return { object: objectName, at, path: '' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Kind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'any';

function kindOfValue(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'boolean' ? kind : 'object';
}

function kindOfType(type: SchemaType): Kind {
  if (typeof type === 'string') {
    if (type === 'decimal') return 'string';
    return /^[A-Z]/.test(type) ? 'object' : (type as Kind);
  }
  if (Array.isArray(type)) return 'any'; // unions nest only through named types
  if ('const' in type) return kindOfValue(type.const);
  if ('enum' in type) return 'string';
  if ('array' in type) return 'array';
  return 'object';
}

function describe(type: SchemaType): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map(describe).join(' | ');
  if ('const' in type) return JSON.stringify(type.const);
  if ('enum' in type) return (type.enum as string[]).map((v) => JSON.stringify(v)).join(' | ');
  if ('array' in type) return `${describe(type.array as SchemaType)}[]`;
  if ('record' in type) return `{[key: string]: ${describe(type.record as SchemaType)}}`;
  if ('list' in type) return `list of ${describe(type.list as SchemaType)}`;
  if ('search' in type) return `search_result of ${describe(type.search as SchemaType)}`;
  return 'object';
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (isRecord(value)) return typeof value.object === 'string' ? `object ${JSON.stringify(value.object)}` : 'object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

class Checker {
  readonly differences: Difference[] = [];

  differ(place: Place, expected: string, got: string): void {
    this.differences.push({ object: place.object, path: place.path, at: place.at, expected, got });
  }

  /** Checks `value` against `type`, recording each difference. */
  check(value: unknown, type: SchemaType, place: Place): void {
    if (this.extraValue(value, place)) return;
    if (Array.isArray(type)) return this.union(value, type, place);
    if (typeof type === 'string') {
      if (!this.primitive(value, type)) {
        if (/^[A-Z]/.test(type)) return this.named(value, type, place);
        this.differ(place, type, show(value));
      }
      return;
    }
    if ('const' in type) {
      if (value !== type.const) this.differ(place, describe(type), show(value));
    } else if ('enum' in type) {
      if (!(type.enum as unknown[]).includes(value)) this.differ(place, describe(type), show(value));
    } else if ('array' in type) {
      if (!Array.isArray(value)) return this.differ(place, describe(type), show(value));
      value.forEach((item, i) => this.check(item, type.array as SchemaType, element(place, i)));
    } else if ('record' in type) {
      if (!isRecord(value)) return this.differ(place, describe(type), show(value));
      for (const [key, item] of Object.entries(value)) this.check(item, type.record as SchemaType, child(place, key));
    } else if ('list' in type || 'search' in type) {
      this.envelope(value, ('list' in type ? type.list : type.search) as SchemaType, 'list' in type ? 'list' : 'search_result', place);
    } else if ('object' in type) {
      this.props(value, type.object as Props, place, 'object');
    }
  }

  /**
   * A value Stripe's type lacks, listed as `field = value` (`type = webhook_endpoint.disabled`,
   * `url = null`; `id = absent` for a field Stripe itself leaves out where its type has it).
   */
  extraValue(value: unknown, place: Place): boolean {
    if (typeof value !== 'string' && value !== null) return false;
    return extensions.has(`${place.object} ${place.path.replace(/\[\d+\]/g, '[]')} = ${String(value)}`);
  }

  primitive(value: unknown, type: string): boolean {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      case 'decimal':
        return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
      case 'any':
        return true;
      default:
        return false;
    }
  }

  /** A union: an expandable field's id or object, a nullable field, an enum or another type. */
  union(value: unknown, members: SchemaType[], place: Place): void {
    const kind = kindOfValue(value);
    const candidates = members.filter((m) => kindOfType(m) === kind || kindOfType(m) === 'any');
    if (candidates.length === 0) return this.differ(place, members.map(describe).join(' | '), show(value));
    // Among several objects, the value's own `object` (and `deleted`) says which it is.
    const named = candidates.filter((m): m is string => typeof m === 'string' && /^[A-Z]/.test(m));
    const matching = isRecord(value) ? named.filter((m) => this.fits(value, m)) : [];
    if (named.length > 1 && matching.length > 0) return this.named(value, matching[0]!, place);
    let best: Difference[] | undefined;
    for (const member of candidates) {
      const trial = new Checker();
      trial.check(value, member, place);
      if (trial.differences.length === 0) return;
      if (!best || trial.differences.length < best.length) best = trial.differences;
    }
    this.differences.push(...best!);
  }

  /** Whether an object's own `object` and `deleted` fields are those the named type declares. */
  fits(value: Record<string, unknown>, name: string): boolean {
    const props = schemas.types[name];
    const object = props?.object as { const?: unknown } | undefined;
    const deleted = props?.deleted as { const?: unknown } | undefined;
    return object?.const === value.object && (deleted?.const === true) === (value.deleted === true);
  }

  named(value: unknown, name: string, place: Place): void {
    const props = schemas.types[name];
    if (!props) return this.differ(place, name, 'a type missing from stripe-schemas.json');
    const object = (props.object as { const?: unknown } | undefined)?.const;
    if (object === 'event' && isRecord(value)) return this.event(value, place);
    const inner = typeof object === 'string' && isRecord(value) && value.object === object ? enter(place, object) : place;
    this.props(value, props, inner, name);
  }

  props(value: unknown, props: Props, place: Place, typeName: string): void {
    if (!isRecord(value)) return this.differ(place, typeName, show(value));
    const declared = new Set<string>();
    for (const [key, type] of Object.entries(props)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      declared.add(name);
      if (!(name in value)) {
        if (!optional && !this.extraValue('absent', child(place, name))) this.differ(child(place, name), describe(type), 'missing');
        continue;
      }
      this.check(value[name], type, child(place, name));
    }
    for (const key of Object.keys(value)) {
      if (declared.has(key)) continue;
      const field = child(place, key);
      const documented = extensions.has(`${field.object} ${field.path.replace(/\[\d+\]/g, '[]')}`);
      if (!documented) this.differ(field, `no such field (${typeName} has none; docs/api.md "Extensions" lists it if Bursar adds it)`, show(value[key]));
    }
  }

  envelope(value: unknown, item: SchemaType, kind: 'list' | 'search_result', place: Place): void {
    const type = kind === 'list' ? 'ApiList' : 'ApiSearchResult';
    if (!isRecord(value) || value.object !== kind) return this.differ(place, `${type} (object ${JSON.stringify(kind)})`, show(value));
    const inner = enter(place, kind);
    const props: Props = { object: { const: kind }, data: { array: item }, has_more: 'boolean', url: 'string' };
    if (kind === 'search_result') Object.assign(props, { next_page: ['null', 'string'], 'total_count?': 'number' });
    this.props(value, props, inner, type);
  }

  /** An event: Stripe's event fields, and its `data.object` as the type its event type names. */
  event(value: Record<string, unknown>, place: Place): void {
    const inner = enter(place, 'event');
    const { data: _declared, ...base } = schemas.types[schemas.objects.event!]!;
    const { data, ...rest } = value;
    this.props(rest, base, inner, 'Event');
    const at = child(inner, 'data');
    if (!isRecord(data)) return this.differ(at, 'Event.Data', show(data));
    const objectType = schemas.events[value.type as string];
    this.props(data, { object: objectType ?? 'any', 'previous_attributes?': { record: 'any' } }, at, 'Event.Data');
  }

  /** A top-level body: an object, a list or search result of objects, or an error envelope. */
  body(body: unknown): void {
    const top: Place = { object: '', at: '', path: '' };
    if (isRecord(body) && 'error' in body) return this.error(body, top);
    if (!isRecord(body) || typeof body.object !== 'string') return this.differ(top, 'a Stripe object, list or error envelope', show(body));
    if (body.object === 'list' || body.object === 'search_result') return this.envelope(body, 'any', body.object, top), this.items(body);
    const name = body.deleted === true ? schemas.deleted[body.object] : schemas.objects[body.object];
    if (!name) return this.differ({ ...top, object: body.object }, 'an object Stripe declares', `object ${JSON.stringify(body.object)}`);
    this.named(body, name, top);
  }

  /** A list's items, each by its own `object` (one list holds one kind). */
  items(list: Record<string, unknown>): void {
    if (!Array.isArray(list.data)) return;
    list.data.forEach((item, i) => {
      const place: Place = { object: String(list.object), at: '', path: `data[${i}]` };
      if (!isRecord(item) || typeof item.object !== 'string') return this.differ(place, 'a Stripe object', show(item));
      const name = item.deleted === true ? schemas.deleted[item.object] : schemas.objects[item.object];
      if (!name) return this.differ(place, 'an object Stripe declares', `object ${JSON.stringify(item.object)}`);
      this.named(item, name, place);
    });
  }

  error(body: Record<string, unknown>, top: Place): void {
    const place = { ...top, object: 'error' };
    this.props(body, { error: schemas.error }, place, 'error envelope');
    const error = body.error;
    // The raw type marks every field optional (the SDK builds errors of its own); Stripe's
    // envelope always carries a type and a message.
    if (isRecord(error)) {
      for (const key of ['type', 'message']) if (!(key in error)) this.differ(child(place, `error.${key}`), 'string', 'missing');
    }
  }
}

/** Every difference between `body` and Stripe's declared shape of it (none: it conforms). */
export function validate(body: unknown): Difference[] {
  const checker = new Checker();
  checker.body(body);
  return checker.differences;
}

export function formatDifference(d: Difference): string {
  const where = d.at === '' ? '' : ` (at ${d.at})`;
  return `${d.object}${d.path === '' ? '' : `.${d.path}`}${where}: expected ${d.expected}, got ${d.got}`;
}

/** The differences of many bodies, one line each, with where each body came from. */
export class ConformanceLog {
  readonly entries: { source: string; difference: Difference }[] = [];

  check(source: string, body: unknown): void {
    for (const difference of validate(body)) this.entries.push({ source, difference });
  }

  /**
   * Throws, naming every difference (each distinct one once, with its first source), if any
   * was recorded since the last call.
   */
  assertNone(what: string): void {
    if (this.entries.length === 0) return;
    const entries = this.entries.splice(0);
    // The same field of the same object differs alike wherever it appears: shown once.
    const seen = new Map<string, string>();
    for (const { source, difference: d } of entries) {
      const key = `${d.object} ${d.path.replace(/\[\d+\]/g, '[]')} ${d.expected}`;
      if (!seen.has(key)) seen.set(key, `${formatDifference(d)}  — ${source}`);
    }
    const lines = [...seen.values()].map((line) => `  ${line}`);
    throw new Error(`${what} differ from Stripe's declared shapes (${seen.size} differences):\n${lines.join('\n')}`);
  }

  /**
   * assertNone for a fixture's close(), which usually runs in an `after` hook: node:test shows
   * an `after` hook that throws but does not fail the run for it, so the error is raised once
   * more after the hook, where it fails the test file.
   */
  assertNoneAtClose(what: string): void {
    try {
      this.assertNone(what);
    } catch (err) {
      setImmediate(() => {
        throw err;
      });
      throw err;
    }
  }
}
