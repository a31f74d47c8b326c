import type { Context } from 'hono';
import { parseJson } from '../../kit/json.ts';
import type { Contract } from './contract.ts';
import type { SettingsRow } from './repository.ts';

const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-api-key', 'accept'];

/** The caller's Origin when the project allows it, else null (no CORS headers: the browser refuses). */
export function allowedOrigin(c: Context, settings: SettingsRow): string | null {
  const origin = c.req.header('origin');
  return origin && parseJson<string[]>(settings.allowed_origins, []).includes(origin) ? origin : null;
}

/** Headers of an answer to a browser from an allowed origin; credentials only where a cookie authenticates. */
export function corsHeaders(origin: string | null, contract: Contract): Record<string, string> {
  if (origin === null) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    ...(contract.auth.credentials.includes('cookie_jwt') && { 'access-control-allow-credentials': 'true' }),
  };
}

/** A preflight's answer for the endpoint that would serve the real request. */
export function preflight(c: Context, origin: string | null, contract: Contract): Response {
  if (origin === null) return c.body(null, 204, { vary: 'Origin' });
  const requested = (c.req.header('access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  return c.body(null, 204, {
    ...corsHeaders(origin, contract),
    'access-control-allow-methods': contract.method,
    'access-control-allow-headers': requested.filter((h) => ALLOWED_HEADERS.includes(h)).join(', ') || ALLOWED_HEADERS.join(', '),
    'access-control-max-age': '600',
  });
}
