import qs from 'qs';
import type { Context, MiddlewareHandler } from 'hono';
import { BursarError } from '../kit/errors.ts';
import { paramName } from './params.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 8;

/** Form decoding that refuses malformed percent-encoding instead of guessing. */
function strictDecoder(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw BursarError.invalid(`Invalid request body: malformed URL encoding in '${value.slice(0, 40)}'`);
  }
}

/**
 * Stripe's bracket notation (`items[0][price]=…`, `expand[]=…`) → nested objects. They have
 * no prototype, so a key such as `metadata[constructor]` is kept rather than dropped.
 */
export function parseForm(text: string): Record<string, unknown> {
  try {
    return qs.parse(text, {
      depth: MAX_DEPTH,
      strictDepth: true,
      plainObjects: true,
      arrayLimit: 1000,
      parameterLimit: 10_000,
      throwOnLimitExceeded: true,
      decoder: strictDecoder,
    }) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BursarError) throw error;
    const message = (error as Error).message;
    // qs names its own option in this one; say what the limit is instead.
    if (/depth/i.test(message)) throw BursarError.invalid(`Invalid request body: parameters are nested more than ${MAX_DEPTH} levels deep.`);
    throw BursarError.invalid(`Invalid request body: ${message}`);
  }
}

/**
 * No parameter may hold U+0000: PostgreSQL cannot store it in text, and no value needs it.
 * Refused here, by name, so both engines answer alike.
 */
export function refuseNul(value: unknown, path: (string | number)[] = []): void {
  if (typeof value === 'string') {
    if (value.includes('\0')) {
      const param = paramName(path);
      throw BursarError.invalid(`Invalid ${param}: must not contain the NUL character (\\u0000).`, param, 'parameter_invalid');
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => refuseNul(item, [...path, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\0')) throw BursarError.invalid('Invalid request: a parameter name contains the NUL character (\\u0000).');
      refuseNul(item, [...path, key]);
    }
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

/** Parameters of a request: the query string for GET/DELETE, the body for POST. */
export async function readParams(c: Context): Promise<Record<string, unknown>> {
  const params = await parseRequest(c);
  refuseNul(params);
  return params;
}

async function parseRequest(c: Context): Promise<Record<string, unknown>> {
  if (c.req.method !== 'POST') {
    const url = c.req.url;
    const q = url.indexOf('?');
    return q < 0 ? {} : parseForm(url.slice(q + 1));
  }
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? 'application/x-www-form-urlencoded').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return parseJson(text);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  throw BursarError.invalid(
    `Unsupported Content-Type '${type}': send application/x-www-form-urlencoded or application/json`,
  );
}

/**
 * A response sent before its request's body was read (a refused key, a body over the
 * limit) closes the connection: the unread bytes would be taken for the next request on it.
 */
export const closeIfBodyUnread: MiddlewareHandler = async (c, next) => {
  await next();
  const raw = c.req.raw;
  if (raw.body && !raw.bodyUsed && c.req.header('content-length') !== '0') c.header('Connection', 'close');
};

/** The answer to a body over the limit. The rest of that body is never read, so the connection closes with it. */
export function bodyTooLarge(c: Context): never {
  c.header('Connection', 'close');
  throw new BursarError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`,
  });
}
