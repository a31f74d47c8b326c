import qs from 'qs';
import { BursarError } from './errors.ts';
import { paramName } from './param-name.ts';

/** How deep a parameter may nest: `a[b]…` with 8 brackets, or 8 JSON objects/arrays below the top. */
export const MAX_NESTING = 8;

const PROTO = '__proto__';
// qs drops a `__proto__` key whatever its options; it is carried through under this name
// (a NUL, which no key may hold) and given its own name back in settle().
const PROTO_STANDIN = '\0__proto__';
const PROTO_SEGMENT = /(^|\[)__proto__(?=\[|\]|$)/g;

const nulInName = () => BursarError.invalid('Invalid request: a parameter name contains the NUL character (\\u0000).');

/**
 * Numbers the `[]` of a list of hashes (`items[][price]=a&items[][quantity]=1&items[][price]=b`,
 * as older Ruby, PHP and Python SDKs send it) as Stripe's Rack-style parser reads it: a key the
 * current element already has starts the next element. Keys are seen in body order.
 */
function listIndexer(): (key: string) => string {
  const lists = new Map<string, { index: number; keys: Set<string> }>();
  const indexOnce = (key: string): string | undefined => {
    const at = key.indexOf('[][');
    if (at < 0) return undefined;
    const prefix = key.slice(0, at);
    const rest = key.slice(at + 2);
    // The element's own key: `[price]` of `[price]`, `[tax_rates]` of `[tax_rates][]` (which appends, so it never starts an element).
    const child = /^\[([^[\]]*)\]/.exec(rest)![1];
    const appends = rest.includes('[]');
    let list = lists.get(prefix);
    if (!list) lists.set(prefix, (list = { index: 0, keys: new Set() }));
    else if (!appends && list.keys.has(child)) list = Object.assign(list, { index: list.index + 1, keys: new Set<string>() });
    list.keys.add(child);
    return `${prefix}[${list.index}]${rest}`;
  };
  return (key) => {
    for (let next = indexOnce(key); next !== undefined; next = indexOnce(key)) key = next;
    return key;
  };
}

/** Form decoding that refuses malformed percent-encoding instead of guessing. */
function strictDecoder(indexLists: (key: string) => string) {
  return (value: string, _default: unknown, _charset: string, kind: 'key' | 'value'): string => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      throw BursarError.invalid(`Invalid request body: malformed URL encoding in '${value.slice(0, 40)}'`);
    }
    if (kind === 'value') return decoded;
    if (decoded.includes('\0')) throw nulInName();
    return indexLists(decoded).replace(PROTO_SEGMENT, `$1${PROTO_STANDIN}`);
  };
}

/**
 * Stripe's bracket notation (`items[0][price]=…`, `expand[]=…`) → nested objects. qs keeps
 * one level more than allowed, without throwing, so settle() names the parameter nested too deep.
 */
function parseForm(text: string): Record<string, unknown> {
  try {
    return qs.parse(text, {
      depth: MAX_NESTING + 1,
      plainObjects: true,
      arrayLimit: 1000,
      parameterLimit: 10_000,
      throwOnLimitExceeded: true,
      decoder: strictDecoder(listIndexer()),
    }) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BursarError) throw error;
    throw BursarError.invalid(`Invalid request body: ${(error as Error).message}`);
  }
}

function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw BursarError.invalid(`Invalid JSON body: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw BursarError.invalid('Invalid JSON body: expected an object of parameters');
  }
  return value as Record<string, unknown>;
}

type Container = Record<string, unknown> | unknown[];

/** Gives a key qs carried under PROTO_STANDIN its own name back, keeping the keys' order. */
function restoreProto(object: Record<string, unknown>): void {
  const entries = Object.entries(object);
  for (const [key] of entries) delete object[key];
  for (const [key, value] of entries) object[key === PROTO_STANDIN ? PROTO : key] = value;
}

/**
 * Checks parsed parameters in one pass without recursion, so no body can exhaust the stack:
 * nesting at most MAX_NESTING deep, no NUL in any name or value (PostgreSQL cannot store it,
 * no value needs it), and every object without a prototype, so a key such as `constructor`
 * or `__proto__` is a parameter like any other.
 */
export function settle(params: Record<string, unknown>, formKeys = false): Record<string, unknown> {
  const pending: { value: Container; path: (string | number)[] }[] = [{ value: params, path: [] }];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      if (value.includes('\0')) {
        const param = paramName(path);
        throw BursarError.invalid(`Invalid ${param}: must not contain the NUL character (\\u0000).`, param, 'parameter_invalid');
      }
    } else if (value !== null && typeof value === 'object') {
      if (path.length > MAX_NESTING) {
        const param = String(path[0]);
        throw BursarError.invalid(`Invalid ${param}: parameters are nested more than ${MAX_NESTING} levels deep.`, param);
      }
      pending.push({ value: value as Container, path });
    }
  };
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      continue;
    }
    Object.setPrototypeOf(value, null);
    if (formKeys && Object.hasOwn(value, PROTO_STANDIN)) restoreProto(value);
    for (const key of Object.keys(value)) {
      if (key.includes('\0')) throw nulInName();
      visit(value[key], [...path, key]);
    }
  }
  return params;
}

/**
 * The one reader of request bodies (and query strings): a form in bracket notation or a JSON
 * object, parsed and settled. Bad input of any kind is a 400 naming what is wrong.
 */
export function parseBody(text: string, type: 'form' | 'json'): Record<string, unknown> {
  return type === 'json' ? settle(parseJson(text)) : settle(parseForm(text), true);
}
