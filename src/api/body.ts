import type { Context, MiddlewareHandler } from 'hono';
import { BursarError } from '../kit/errors.ts';
import { parseBody } from '../kit/parse-body.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Parameters of a request: the query string for GET/DELETE, the body for POST. */
export async function readParams(c: Context): Promise<Record<string, unknown>> {
  if (c.req.method !== 'POST') {
    const url = c.req.url;
    const q = url.indexOf('?');
    return parseBody(q < 0 ? '' : url.slice(q + 1), 'form');
  }
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? 'application/x-www-form-urlencoded').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return parseBody(text, 'json');
  if (type === 'application/x-www-form-urlencoded') return parseBody(text, 'form');
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
