import type { Context } from 'hono';
import type { Credential } from './caller.ts';
import type { Contract } from './contract.ts';
import { allowedOrigin } from './cors.ts';
import { refuse, type Refusal } from './refusal.ts';
import type { SettingsRow } from './repository.ts';

/** Actions that only read: another site can trigger them but not read the answer (it gets no CORS headers). */
const READS: readonly Contract['action'][] = ['subscription'];

/**
 * Whether a request comes from this origin or one the settings allow. Browsers name where a
 * request comes from (`Sec-Fetch-Site`, and `Origin` on every cross-origin POST) and pages cannot
 * forge either; a request with neither comes from no browser, so it carries no victim's cookie.
 */
function fromAllowedSite(c: Context, settings: SettingsRow): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return site === undefined;
  if (allowedOrigin(c, settings) !== null) return true;
  // Browsers without Sec-Fetch-Site: an Origin naming this host is this site.
  return site === undefined && URL.parse(origin)?.host === new URL(c.req.url).host;
}

/**
 * A cookie goes with a request whichever site makes it: a state change a cookie authenticates
 * must come from the app's own origins (cross-site request forgery otherwise).
 */
export function crossSiteRefusal(c: Context, credential: Credential, contract: Contract, settings: SettingsRow): Refusal | null {
  if (!credential.cookie || READS.includes(contract.action) || fromAllowedSite(c, settings)) return null;
  return refuse('cross_site', 'Cross-site request refused: this origin may not call this endpoint');
}
