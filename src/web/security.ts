import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual } from '../kit/crypto.ts';
import { csrfTokenOf } from '../modules/portal-sessions/service.ts';

/**
 * The portal's Content-Security-Policy: nothing inline, styles and images from here (a
 * branding logo from any https host), forms post only here or to where the session may
 * send the customer, and frames only from the configuration's embedding origins.
 */
export function contentSecurityPolicy(options: { frameAncestors?: readonly string[]; formTargets?: readonly string[] } = {}): string {
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'none'";
  const targets = [...new Set(["'self'", ...(options.formTargets ?? [])])].join(' ');
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    `form-action ${targets}`,
    "base-uri 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** Headers every portal response carries; a page of a session sets its own CSP after. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  c.header('Content-Security-Policy', contentSecurityPolicy());
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'private, no-store');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  await next();
};

/** Whether the request comes from another site: browsers say so in Sec-Fetch-Site; old ones say nothing. */
export function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  return site !== undefined && site !== 'same-origin';
}

/** The form's `_csrf` is the session's token. */
export function validCsrf(cookie: string, sent: unknown): boolean {
  return typeof sent === 'string' && safeEqual(sent, csrfTokenOf(cookie));
}
