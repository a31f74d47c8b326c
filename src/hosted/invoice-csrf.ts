import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { hmacSha256, safeEqual } from '../kit/crypto.ts';
import { crossSite } from '../web/security.ts';

/**
 * CSRF for the invoice page's forms, which have no portal session: a random cookie the page
 * sets, and in each form a token derived from it and the invoice's link token (a double
 * submit another site can neither read nor forge), beside the Sec-Fetch-Site check.
 */
const cookieName = (publicUrl: string) => (publicUrl.startsWith('https:') ? '__Host-bursar_invoice' : 'bursar_invoice');

const tokenOf = (cookie: string, linkToken: string) => hmacSha256(cookie, `invoice-csrf:${linkToken}`).toString('base64url');

/** The form token of this browser for this invoice, setting the cookie it rests on when there is none. */
export function invoiceCsrfToken(c: Context, publicUrl: string, linkToken: string): string {
  const name = cookieName(publicUrl);
  let cookie = getCookie(c, name);
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
    cookie = randomBytes(32).toString('base64url');
    setCookie(c, name, cookie, { path: '/', httpOnly: true, secure: name.startsWith('__Host-'), sameSite: 'Lax' });
  }
  return tokenOf(cookie, linkToken);
}

/** Whether a POST comes from this invoice's own page in this browser. */
export function validInvoiceCsrf(c: Context, publicUrl: string, linkToken: string, sent: unknown): boolean {
  const cookie = getCookie(c, cookieName(publicUrl));
  return !crossSite(c) && !!cookie && typeof sent === 'string' && safeEqual(sent, tokenOf(cookie, linkToken));
}
