import fc from 'fast-check';
import { paramName } from '../../src/api/params.ts';
import { boundaryNumbers, longStrings, malformedBodies, nestedForm, nestedJson, nestingDepths, oddStrings } from './fuzz-values.ts';

// Requests with one defect each, generated from the OpenAPI description of an operation.

export type Schema = { [key: string]: any };

/** One operation of the document: its parameters as one object schema (the body of a POST, the query otherwise). */
export interface Operation {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  pathParams: string[];
  params: Schema;
}

/** A request with (at most) one defect. `culprit`: the parameter a 400 must name. */
export interface FuzzCase {
  what: string;
  encoding: 'form' | 'json';
  params: Record<string, unknown>;
  /** Sent as it is, after the encoded params (a query) or instead of them (a body). */
  raw?: { body: string; contentType?: string };
  culprit?: string;
}

export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const pathParams = (op.parameters ?? []).filter((p: Schema) => p.in === 'path').map((p: Schema) => p.name);
      const query = (op.parameters ?? []).filter((p: Schema) => p.in === 'query');
      const params = op.requestBody?.content['application/json'].schema ?? {
        type: 'object',
        properties: Object.fromEntries(query.map((p: Schema) => [p.name, p.schema])),
        required: query.filter((p: Schema) => p.required).map((p: Schema) => p.name),
        additionalProperties: false,
      };
      ops.push({ method: method.toUpperCase() as Operation['method'], path, pathParams, params });
    }
  }
  return ops;
}

const variants = (s: Schema): Schema[] => s.anyOf ?? s.oneOf ?? [s];

/** The JSON types a schema accepts ('string' for an enum; nothing for "anything"). */
function typesOf(s: Schema): Set<string> {
  const types = new Set<string>();
  for (const v of variants(s)) {
    if (v.enum || v.const !== undefined) types.add('string');
    for (const t of [v.type ?? []].flat()) types.add(t);
  }
  return types;
}

const objectOf = (s: Schema): Schema | undefined => variants(s).find((v) => v.type === 'object');
const arrayOf = (s: Schema): Schema | undefined => variants(s).find((v) => v.type === 'array');

/** A parameter anywhere in the tree: its path (`items[0][price]` is ['items', 0, 'price']) and schema. */
interface Site {
  path: (string | number)[];
  schema: Schema;
  required: boolean;
}

function sitesOf(object: Schema, prefix: (string | number)[] = [], out: Site[] = []): Site[] {
  if (prefix.length > 4) return out;
  const required = new Set<string>(object.required ?? []);
  for (const [name, schema] of Object.entries<Schema>(object.properties ?? {})) {
    const path = [...prefix, name];
    out.push({ path, schema, required: required.has(name) });
    const inner = objectOf(schema);
    if (inner?.properties) sitesOf(inner, path, out);
    const items = arrayOf(schema)?.items;
    if (items && objectOf(items)?.properties) sitesOf(objectOf(items)!, [...path, 0], out);
  }
  return out;
}

/** Object schemas that refuse unknown keys: the top level and every strict nested object. */
function strictObjects(op: Operation): { path: (string | number)[]; schema: Schema }[] {
  const top = op.params.additionalProperties === false ? [{ path: [], schema: op.params }] : [];
  const nested = sitesOf(op.params).flatMap((site) => {
    const object = site.path.at(-1) === 0 ? undefined : objectOf(site.schema);
    return object?.properties && object.additionalProperties === false ? [{ path: site.path, schema: object }] : [];
  });
  return [...top, ...nested];
}

/**
 * Real values by parameter name, for strings the schema cannot describe fully: ids of real
 * objects, a currency, a URL.
 */
export type IdsByName = Record<string, string>;

/** A value the schema accepts (the first variant that is not null). */
export function validValue(s: Schema, name: string | number, ids: IdsByName): unknown {
  const v = variants(s).find((x) => x.type !== 'null') ?? s;
  if (v.enum) return v.enum[0];
  if (v.const !== undefined) return v.const;
  switch ([v.type].flat()[0]) {
    case 'string': {
      if (typeof name === 'string' && ids[name]) return ids[name];
      if (v.format === 'uri') return 'https://app.example.com/return';
      if (v.pattern) {
        const re = new RegExp(v.pattern);
        return fc.sample(fc.stringMatching(re), { seed: 1, numRuns: 50 }).find((x) => x.length <= (v.maxLength ?? Infinity) && x.length >= (v.minLength ?? 0));
      }
      return 'x'.repeat(Math.max(v.minLength ?? 1, 1));
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, v.minimum ?? 1), v.maximum ?? Infinity);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(v.minItems ?? 1, 1) }, () => validValue(v.items ?? {}, name, ids));
    case 'object':
      // At least one key: an empty hash vanishes from a form body.
      return requiredOf(v, ids, v.required?.length ? undefined : Object.keys(v.properties ?? {}).slice(0, 1));
    default:
      return 'x';
  }
}

/** An object of the schema's required parameters (or of `keys`), each with a valid value. */
function requiredOf(object: Schema, ids: IdsByName, keys: string[] = object.required ?? []): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, validValue(object.properties[key], key, ids)]));
}

const REMOVE = Symbol('remove');
const NEST = '\u0001nested here\u0001';

/** `params` with `value` at `path`, its missing ancestors filled with valid values. */
function place(op: Operation, params: Record<string, unknown>, path: (string | number)[], value: unknown, ids: IdsByName): Record<string, unknown> {
  const root = structuredClone(params);
  let node: any = root;
  let schema: Schema = op.params;
  for (const [i, key] of path.entries()) {
    const child = typeof key === 'number' ? (arrayOf(schema)?.items ?? {}) : (objectOf(schema)?.properties?.[key] ?? {});
    if (i === path.length - 1) {
      if (value === REMOVE) delete node[key];
      else node[key] = value;
    } else {
      node[key] ??= validValue(objectOf(child) ?? arrayOf(child) ?? child, key, ids);
      node = node[key];
      schema = child;
    }
  }
  return root;
}

/** Values of a type the schema does not accept, for each encoding (form has only strings, lists and hashes). */
function wrongValues(s: Schema, encoding: FuzzCase['encoding']): unknown[] {
  const types = typesOf(s);
  if (types.size === 0) return [];
  const out: unknown[] = [];
  if (!types.has('object')) out.push({ zz: 'x' });
  if (!types.has('array')) out.push(['x']);
  if (!types.has('string')) out.push('zz_not_a_value');
  if (types.has('integer') && !types.has('number') && !types.has('string')) out.push(encoding === 'json' ? 1.5 : '1.5', '1e3', 'NaN');
  const strings = variants(s).filter((v) => v.type === 'string' || v.enum);
  if (strings.length > 0 && strings.every((v) => v.enum)) out.push('zz_not_in_enum');
  for (const v of strings) if (v.pattern && !new RegExp(v.pattern).test('!!')) out.push('!!');
  if (encoding === 'json') {
    if (!types.has('boolean')) out.push(true);
    if (!types.has('integer') && !types.has('number')) out.push(12345);
    if (!types.has('null')) out.push(null);
  }
  return out;
}

/** Whether a boundary number is certainly refused by an integer-only schema. */
function refusedInteger(s: Schema, value: number | string): boolean {
  const types = typesOf(s);
  if (![...types].every((t) => t === 'integer' || t === 'null')) return false;
  if (value === '') return !types.has('null');
  if (typeof value === 'string' && !/^-?\d+$/.test(value)) return true;
  const n = Number(value);
  const v = variants(s).find((x) => x.type === 'integer')!;
  return !Number.isInteger(n) || n < (v.minimum ?? -Infinity) || n > (v.maximum ?? Infinity);
}

/** Whether a string is certainly refused by a plain string schema (too long, or it holds NUL). */
function refusedString(s: Schema, value: string): boolean {
  if (value.includes('\0')) return true;
  const strings = variants(s).filter((v) => v.type === 'string');
  const types = typesOf(s);
  return types.size === 1 && strings.length === 1 && !strings[0].enum && value.length > (strings[0].maxLength ?? Infinity);
}

const EXPANDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'zz_not_a_field', 'data.constructor', 'customer.__proto__'];

/** Cases of every kind of defect for one operation, by kind; `ids` make valid values real. */
export function fuzzCases(op: Operation, ids: IdsByName): Record<string, fc.Arbitrary<FuzzCase>> {
  const base = requiredOf(op.params, ids);
  const sites = sitesOf(op.params);
  const encodings = fc.constantFrom<FuzzCase['encoding']>(...(op.method === 'POST' ? (['form', 'json'] as const) : (['form'] as const)));
  const name = (site: Site) => paramName(site.path);
  const kinds: Record<string, fc.Arbitrary<FuzzCase>> = {
    'valid parameters': fc.constant({ what: 'valid', encoding: 'form' as const, params: base }),
    expand: fc.record({ expand: fc.constantFrom(...EXPANDS), encoding: encodings }).map(({ expand, encoding }) => ({
      what: 'a property that cannot be expanded',
      encoding,
      params: { ...base, expand: [expand] },
      culprit: 'expand',
    })),
  };
  const strict = strictObjects(op);
  if (strict.length > 0) {
    kinds['unknown parameters'] = fc.record({ extra: fc.constantFrom(...strict), encoding: encodings }).map(({ extra, encoding }) => ({
      what: 'unknown parameter',
      encoding,
      params: place(op, base, [...extra.path, 'zz_unknown'], 'x', ids),
      culprit: paramName([...extra.path, 'zz_unknown']),
    }));
  }
  const siteCases = (kind: string, filter: (s: Site) => boolean, make: (site: Site, encoding: FuzzCase['encoding']) => fc.Arbitrary<FuzzCase>) => {
    const chosen = sites.filter(filter);
    if (chosen.length > 0) kinds[kind] = fc.tuple(fc.constantFrom(...chosen), encodings).chain(([site, encoding]) => make(site, encoding));
  };
  siteCases(
    'missing required parameters',
    (s) => s.required,
    // A hash left empty vanishes from a form body, so a nested one is sent as JSON.
    (site, encoding) => fc.constant({ what: 'missing required parameter', encoding: site.path.length > 1 ? 'json' : encoding, params: place(op, base, site.path, REMOVE, ids), culprit: name(site) }),
  );
  siteCases(
    'wrong types',
    (s) => wrongValues(s.schema, 'form').length > 0,
    (site, encoding) =>
      fc.constantFrom(...wrongValues(site.schema, encoding)).map((value) => ({ what: 'wrong type', encoding, params: place(op, base, site.path, value, ids), culprit: name(site) })),
  );
  siteCases(
    'boundary numbers',
    (s) => typesOf(s.schema).has('integer') || typesOf(s.schema).has('number'),
    (site, encoding) =>
      boundaryNumbers.map((value) => ({
        what: 'boundary number',
        encoding,
        params: place(op, base, site.path, value, ids),
        ...(refusedInteger(site.schema, value) && { culprit: name(site) }),
      })),
  );
  siteCases(
    'odd strings',
    (s) => typesOf(s.schema).has('string'),
    (site, encoding) =>
      fc.oneof(oddStrings, longStrings).map((value) => ({
        what: 'odd string',
        encoding,
        params: place(op, base, site.path, value, ids),
        ...(refusedString(site.schema, value) && { culprit: name(site) }),
      })),
  );
  siteCases(
    'deep nesting',
    () => true,
    (site, encoding) =>
      nestingDepths.map((depth) => {
        const what = `nested ${depth} deep`;
        if (encoding === 'form') return { what, encoding, params: base, raw: { body: nestedForm(name(site), depth) } };
        // Written as text: JSON.stringify itself runs out of stack on such a value.
        const body = JSON.stringify(place(op, base, site.path, NEST, ids)).replace(JSON.stringify(NEST), nestedJson(depth));
        return { what, encoding, params: {}, raw: { body, contentType: 'application/json' } };
      }),
  );
  if (op.method === 'POST') {
    kinds['malformed bodies'] = malformedBodies.map((raw) => ({ what: raw.what, encoding: 'form' as const, params: {}, raw }));
  } else {
    kinds['malformed queries'] = fc.constantFrom('%E0%A4%A', 'a=%zz', 'limit=%ED%A0%80', '&&==&[', 'expand[]=%00').map((body) => ({ what: 'malformed query', encoding: 'form' as const, params: {}, raw: { body } }));
  }
  return kinds;
}
