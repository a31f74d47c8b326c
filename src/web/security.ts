import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual } from '../kit/crypto.ts';
import { csrfTokenOf } from '../modules/portal-sessions/service.ts';

export interface PolicyOptions {
  frameAncestors?: readonly string[];
  formTargets?: readonly string[];
  /** The page's own <style> texts: allowed by their hash alone, instead of this host's stylesheets. */
  inlineStyles?: readonly string[];
}

/** The CSP source that allows exactly this inline stylesheet and nothing else inline. */
const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/**
 * A hosted page's Content-Security-Policy: no script, styles from here (or the page's own
 * inline styles, by hash), images from here (a branding logo from any https host), forms
 * post only here or to where the session may send the customer, and frames only from the
 * configuration's embedding origins.
 */
export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'none'";
  const targets = [...new Set(["'self'", ...(options.formTargets ?? [])])].join(' ');
  const styles = options.inlineStyles?.length ? options.inlineStyles.map(styleHash).join(' ') : "'self'";
  return [
    "default-src 'none'",
    `style-src ${styles}`,
    "img-src 'self' https: data:",
    `form-action ${targets}`,
    "base-uri 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/**
 * The headers every hosted page, document and asset carries (the portal, invoice pages and
 * PDFs, the API reference, their not-found pages); a portal session's page sets its own CSP
 * after, and an immutable asset its own Cache-Control.
 */
export function securityHeadersFor(policy: PolicyOptions = {}): MiddlewareHandler {
  const csp = contentSecurityPolicy(policy);
  return async (c, next) => {
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'private, no-store');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    await next();
  };
}

/** The headers of a page whose styles are this host's stylesheets. */
export const securityHeaders = securityHeadersFor();

/** Whether the request comes from another site: browsers say so in Sec-Fetch-Site; old ones say nothing. */
export function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  return site !== undefined && site !== 'same-origin';
}

/** The form's `_csrf` is the session's token. */
export function validCsrf(cookie: string, sent: unknown): boolean {
  return typeof sent === 'string' && safeEqual(sent, csrfTokenOf(cookie));
}
