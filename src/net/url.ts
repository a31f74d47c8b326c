import * as z from 'zod';
import { BursarError } from '../kit/errors.ts';
import { addressPolicy, allowlist, urlRefusal } from './address-guard.ts';

/** The longest URL taken where none is said (browsers take more; a return URL needs no more). */
export const MAX_URL_LENGTH = 5000;

/** Control characters (C0, DEL, C1) and any white space: browsers drop or re-encode them, headers cannot carry them. */
const UNSAFE = /[\p{Cc}\s]/u;
/** A host as headers and pages may carry it: DNS labels (IDNs arrive as punycode), an IPv4 address or a bracketed IPv6 one. */
const HOST = /^([a-z0-9_-]+\.)*[a-z0-9_-]+\.?$|^\[[0-9a-f:.]+\]$/;

/**
 * The one check of every URL Bursar sends a customer or a request to (return, redirect and
 * endpoint URLs): an absolute http(s) URL as the WHATWG parser (browsers) reads it, without
 * control characters, white space or credentials, with a plain host, at most `max`
 * characters. Returns the parsed URL, whose serialisation and parts are all anything may
 * use, or why `value` is refused.
 */
export function checkUrl(value: string, max = MAX_URL_LENGTH): { url: URL } | { problem: string } {
  if (value.length > max) return { problem: `Invalid URL: it must be at most ${max} characters.` };
  const url = URL.parse(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return { problem: `Invalid URL: ${value.slice(0, 100)}. It must be an absolute http:// or https:// URL.` };
  }
  // The parser drops some (tabs, line breaks) and encodes others: the value as given must not need it.
  if (UNSAFE.test(value)) return { problem: 'Invalid URL: it must not contain spaces or control characters.' };
  if (url.username || url.password) return { problem: 'Invalid URL: it must not contain a user name or password.' };
  if (!HOST.test(url.hostname)) return { problem: `Invalid URL: ${url.hostname.slice(0, 100)} is not a host name (letters, digits, hyphens and dots).` };
  return { url };
}

/** A URL stored earlier, checked again before it is used: null when it does not pass (any more). */
export function checkedUrl(value: string | null | undefined): URL | null {
  if (value === null || value === undefined) return null;
  const checked = checkUrl(value);
  return 'url' in checked ? checked.url : null;
}

/** Stripe's error code for a URL parameter it cannot take. */
export const URL_INVALID = 'url_invalid';

/** A URL parameter: refused with the check's reason (400 naming it, code url_invalid); the value is kept as given, as Stripe echoes it. */
export const urlParam = (max = MAX_URL_LENGTH) =>
  z.string().superRefine((value, ctx) => {
    const checked = checkUrl(value, max);
    if ('problem' in checked) ctx.addIssue({ code: 'custom', message: checked.problem, params: { code: URL_INVALID } });
  });

/**
 * Refuses at once (400 naming `param`) a URL whose host is an address the mode's outgoing
 * requests may not reach (loopback in live mode, private, link-local, metadata …), unless
 * the operator's allowlist takes it. A host name is checked when a request resolves it.
 */
export function refuseInternalUrl(url: string, o: { livemode: boolean; allow: readonly string[]; param: string; requests: string }): void {
  const why = urlRefusal(addressPolicy(o.livemode, allowlist(o.allow)), url);
  if (why) throw BursarError.invalid(`Invalid URL: ${why}, which ${o.livemode ? 'live' : 'test'}-mode ${o.requests} may not reach.`, o.param, URL_INVALID);
}
