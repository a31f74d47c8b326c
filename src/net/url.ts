import { BursarError } from '../kit/errors.ts';
import { addressPolicy, allowlist, urlRefusal } from './address-guard.ts';

/**
 * Refuses at once (400 naming `param`) a URL whose host is an address the mode's outgoing
 * requests may not reach (loopback in live mode, private, link-local, metadata …), unless
 * the operator's allowlist takes it. A host name is checked when a request resolves it.
 */
export function refuseInternalUrl(url: string, o: { livemode: boolean; allow: readonly string[]; param: string; requests: string }): void {
  const why = urlRefusal(addressPolicy(o.livemode, allowlist(o.allow)), url);
  if (why) throw BursarError.invalid(`Invalid URL: ${why}, which ${o.livemode ? 'live' : 'test'}-mode ${o.requests} may not reach.`, o.param);
}
