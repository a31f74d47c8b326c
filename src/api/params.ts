import * as z from 'zod';
import { BursarError } from '../kit/errors.ts';
import { toScaled } from '../kit/decimal.ts';
import { checkUrl } from '../net/url.ts';
import { paramName } from '../kit/param-name.ts';
import { MAX_AMOUNT } from '../billing/amount-limit.ts';

export { paramName };

// Form bodies carry every value as a string; these schemas accept Stripe's string
// forms and JSON's native ones alike, and describe the native type in OpenAPI.

const INTEGER = /^-?\d+$/;

export function int(bounds: { min?: number; max?: number } = {}) {
  let schema = z.number().int();
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return z.preprocess((v) => (typeof v === 'string' && INTEGER.test(v) ? Number(v) : v), schema);
}

/** The largest count Bursar stores: PostgreSQL keeps quantities and redemptions in 32-bit integer columns. */
export const MAX_COUNT = 2_147_483_647;

/** A count (a quantity, redemptions, intervals) from `min`, no larger than its column holds on either engine. */
export function count(min: number) {
  return int({ min, max: MAX_COUNT });
}

/** An amount in minor units, at most Stripe's MAX_AMOUNT; `-MAX_AMOUNT` as `min` where a credit is allowed. */
export const amount = (min = 0) => int({ min, max: MAX_AMOUNT });

/** A quantity: bounded like an amount, so unit amount × quantity stays exact (lineAmount bounds the product). */
export const quantity = (min = 0) => int({ min, max: MAX_AMOUNT });

const DECIMAL_AMOUNT = /^0*(\d{1,8})(\.\d{1,12})?$/;

/** An amount in minor units with up to 12 decimal places (`unit_amount_decimal`), as text: at most 99999999.999999999999. */
export const decimalAmount = () =>
  str(30).superRefine((v, ctx) => {
    if (!DECIMAL_AMOUNT.test(v)) {
      ctx.addIssue({ code: 'custom', message: `Invalid decimal: ${describeInput(v)}. It must be at least 0 and at most ${MAX_AMOUNT}.999999999999, with at most 12 decimal places.` });
    }
  });

/**
 * A boolean: `true`/`false` in any case, as Stripe's v1 API reads them (older stripe-python and
 * stripe-dotnet send `True`/`False`).
 */
export function bool() {
  return z.preprocess((v) => {
    const word = typeof v === 'string' ? v.toLowerCase() : v;
    return word === 'true' ? true : word === 'false' ? false : v;
  }, z.boolean());
}

export function str(max = 5000) {
  return z.string().max(max);
}

/** An optional field that `""` (form) or `null` (JSON) clears, as in Stripe. */
export function clearable<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? null : v), schema.nullable());
}

/** A list: `a[]=x&a[]=y` and `a[0]=x` both arrive here as arrays. */
export function list<T extends z.ZodType>(item: T, max = 100) {
  return z.array(item).max(max);
}

/**
 * A parameter Stripe declares that Bursar does not honour: any value is refused with a 400
 * that names it and says why, never silently ignored (docs/api.md lists them).
 */
export function notSupported(why: string) {
  return z.unknown().superRefine((_v, ctx) => {
    ctx.addIssue({ code: 'custom', message: why, params: { notSupported: true } });
  }).meta({ description: `Not supported: ${why}` });
}

/** A custom object id (products, coupons): it must stay usable as a URL path segment. */
export function customId(resource: string) {
  return str(255).superRefine((id, ctx) => {
    if (!/^[A-Za-z0-9_.:-]+$/.test(id)) {
      ctx.addIssue({ code: 'custom', message: `Invalid id: '${id}'. A ${resource} id may contain only letters, digits, '_', '-', '.' and ':'.` });
    }
  });
}

/**
 * A decimal such as a percentage, given as text or number, out as an exact integer count
 * of 10^-places (2 places: "12.5" → 1250). Bounds are in the decimal's own units.
 */
export function scaledDecimal(places: number, bounds: { min: number; max: number; minExclusive?: boolean }) {
  const low = bounds.min * 10 ** places;
  const high = bounds.max * 10 ** places;
  const range = `${bounds.minExclusive ? 'greater than' : 'at least'} ${bounds.min} and at most ${bounds.max}`;
  return z.preprocess((v, ctx) => {
    if (v === undefined) return v;
    const scaled = typeof v === 'string' || typeof v === 'number' ? toScaled(v, places) : undefined;
    if (scaled === undefined || scaled < low || scaled > high || (bounds.minExclusive && scaled === low)) {
      ctx.addIssue({ code: 'custom', message: `Invalid decimal: ${describeInput(v)}. It must be ${range}, with at most ${places} decimal places.`, input: v });
      return z.NEVER;
    }
    return scaled;
  }, z.number().int())
    // Described as what a client sends (a decimal within the bounds), not the integer it becomes.
    .meta({ type: 'number', ...(bounds.minExclusive ? { exclusiveMinimum: bounds.min, minimum: undefined } : { minimum: bounds.min }), maximum: bounds.max });
}

const METADATA_MAX_KEYS = 50;
const METADATA_KEY_MAX = 40;
const METADATA_VALUE_MAX = 500;

type Metadata = Record<string, string | null>;

/** What metadata looks like in the API reference: the schema below checks it by hand. */
const METADATA_SHAPE = { type: 'object', additionalProperties: { type: ['string', 'null'] } } as const;

const isHash = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks metadata and copies it into an object without a prototype. Written by hand since
 * zod's records drop a key named `__proto__`, which Stripe stores like any other.
 */
function readMetadata(input: unknown, ctx: z.core.$RefinementCtx): Metadata | typeof z.NEVER {
  if (!isHash(input)) {
    ctx.addIssue({ code: 'custom', message: 'Invalid object: metadata must be a hash (e.g. metadata[key]=value)', input });
    return z.NEVER;
  }
  const keys = Object.keys(input);
  if (keys.length > METADATA_MAX_KEYS) {
    ctx.addIssue({ code: 'custom', message: `Invalid metadata: metadata can have up to ${METADATA_MAX_KEYS} keys, but you passed in ${keys.length} keys.`, input });
  }
  const out: Metadata = Object.create(null);
  for (const key of keys) {
    const raw = input[key];
    const value = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [key], message, input: raw });
    if (key.length > METADATA_KEY_MAX || /[[\]]/.test(key) || key === '') {
      issue(`Invalid metadata key '${key.slice(0, 60)}': keys must be 1–${METADATA_KEY_MAX} characters without square brackets.`);
    } else if (value !== null && typeof value !== 'string') {
      issue(`Invalid string: metadata[${key}] must be a string`);
    } else if (typeof value === 'string' && value.length > METADATA_VALUE_MAX) {
      issue(`Invalid metadata[${key}]: values must be at most ${METADATA_VALUE_MAX} characters.`);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Stripe's metadata: ≤50 keys of ≤40 chars, values ≤500 chars; `""` unsets. */
export function metadata() {
  return clearable(z.preprocess(readMetadata, z.custom<Metadata>().meta(METADATA_SHAPE)));
}

export type MetadataParam = Record<string, string | null> | null | undefined;

/** Applies a metadata parameter: `null` clears all, a `""`/null value unsets its key. */
export function mergeMetadata(current: Record<string, string>, patch: MetadataParam): Record<string, string> {
  if (patch === undefined) return current;
  const next: Record<string, string> = Object.create(null);
  if (patch === null) return next;
  // Without a prototype, a key named `__proto__` is set like any other.
  Object.assign(next, current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

export const address = () =>
  z.strictObject({
    city: clearable(str(200)).optional(),
    country: clearable(str(2)).optional(),
    line1: clearable(str(200)).optional(),
    line2: clearable(str(200)).optional(),
    postal_code: clearable(str(40)).optional(),
    state: clearable(str(200)).optional(),
  });

export type AddressParam = z.output<ReturnType<typeof address>>;

/** Stripe's range filter: `created=123` or `created[gte]=…&created[lt]=…`. */
export const range = () =>
  z.union([
    int(),
    z.strictObject({ gt: int().optional(), gte: int().optional(), lt: int().optional(), lte: int().optional() }),
  ]);

export type RangeParam = z.output<ReturnType<typeof range>>;

/**
 * A request value as an error message shows it. Never `String(value)`: a hash from a form body
 * has no prototype, and converting it to a string throws.
 */
export function describeInput(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(value) ?? String(value);
}

/** The 400 for a parameter Stripe declares that Bursar does not honour (`notSupported`, not-supported.ts). */
export function notSupportedError(param: string, why: string): BursarError {
  return BursarError.invalid(`${param} is not supported: ${why}`, param, 'parameter_invalid');
}

/** Whether an issue (or one form of a union) refuses a parameter as not supported. */
const refusesAsNotSupported = (issue: z.core.$ZodIssue): boolean =>
  (issue.code === 'custom' && issue.params?.notSupported === true) || (issue.code === 'invalid_union' && issue.errors.some((form) => form.some(refusesAsNotSupported)));

/** Translates zod's first issue into the error Stripe would return for it. */
function toStripeError(issues: readonly z.core.$ZodIssue[]): BursarError {
  // A parameter refused as not supported says more than another one missing.
  const missing = (issues[0].code === 'invalid_type' || issues[0].code === 'invalid_value') && issues[0].input === undefined;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? (missing ? issues.find(refusesAsNotSupported) : undefined) ?? issues[0];
  const param = paramName(issue.path);
  const invalid = (message: string, code = 'parameter_invalid') => BursarError.invalid(message, param || undefined, code);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const name = paramName([...issue.path, issue.keys[0]]);
      return BursarError.invalid(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
    }
    case 'invalid_type':
      if (issue.input === undefined) return invalid(`Missing required param: ${param}.`, 'parameter_missing');
      if (issue.expected === 'number' || issue.expected === 'int') {
        return invalid(`Invalid integer: ${describeInput(issue.input)}`, 'parameter_invalid_integer');
      }
      if (issue.expected === 'boolean') return invalid(`Invalid boolean: ${describeInput(issue.input)}`);
      if (issue.expected === 'object' || issue.expected === 'record') {
        return invalid(`Invalid object: ${param} must be a hash (e.g. ${param}[key]=value)`);
      }
      if (issue.expected === 'array') return invalid(`Invalid array: ${param} must be a list (e.g. ${param}[]=value)`);
      return invalid(`Invalid ${issue.expected}: ${param} must be a ${issue.expected}`);
    case 'too_big':
      if (issue.origin === 'string') return invalid(`Invalid ${param}: must be at most ${issue.maximum} characters`);
      if (issue.origin === 'array') return invalid(`Invalid ${param}: must have at most ${issue.maximum} items`);
      return invalid(`Invalid ${param}: must be less than or equal to ${issue.maximum}`);
    case 'too_small':
      if (issue.origin === 'string') return invalid(`Invalid ${param}: must be at least ${issue.minimum} characters`);
      if (issue.origin === 'array') return invalid(`Invalid ${param}: must have at least ${issue.minimum} items`);
      return invalid(`Invalid ${param}: must be greater than or equal to ${issue.minimum}`);
    case 'invalid_value':
      return invalid(`Invalid ${param}: must be one of ${issue.values.map(String).join(', ')}`);
    case 'invalid_format':
      // A pattern has no name to print; its schema says what it wants (`.regex(re, 'must be …')`).
      return invalid(`Invalid ${param}: ${issue.format === 'regex' ? issue.message : `must be a valid ${issue.format}`}`);
    case 'custom':
      if (issue.params?.notSupported) return notSupportedError(param, issue.message);
      // A refinement may name Stripe's own code for what it refuses (url_invalid …).
      return invalid(issue.message, typeof issue.params?.code === 'string' ? issue.params.code : undefined);
    case 'invalid_union': {
      // The form that got furthest into the value is the one the client meant: name what is wrong inside it.
      const forms = issue.errors.map((form) => form.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
      const depth = (form: z.core.$ZodIssue[]) => Math.max(...form.map((i) => i.path.length));
      const meant = forms.find((form) => forms.every((other) => depth(form) >= depth(other)));
      if (meant && depth(meant) > issue.path.length) return toStripeError(meant);
      return invalid(`Invalid ${param || 'request'}`);
    }
    default:
      return invalid(`Invalid ${param || 'request'}`);
  }
}

/** Validates raw parameters; the only way request input reaches a service. */
export function parseParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) throw toStripeError(result.error.issues);
  return result.data;
}

/** A web origin (scheme, host, port), as browsers send it in `Origin`: e.g. https://app.example.com. */
export const origin = () =>
  str(300).refine((value) => {
    const checked = checkUrl(value);
    return 'url' in checked && checked.url.origin === value.replace(/\/$/, '');
  }, 'must be an origin such as https://app.example.com');
