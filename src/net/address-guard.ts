import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// SSRF defence: a live-mode delivery never reaches this machine, its private networks or a
// cloud metadata service. Every address a host resolves to (A and AAAA) is checked when the
// delivery connects, and the connection uses the checked address, so a DNS answer that
// changes between check and connect cannot slip through.

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba's metadata service)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the 169.254.169.254 metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local, including AWS's fd00:ec2::254 metadata service
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) internal.addSubnet(net, bits, 'ipv6');
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked against the IPv4 rules by BlockList itself.

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The NAT64 prefix 64:ff9b::/96 carries an IPv4 address in its last 32 bits. */
function embeddedIpv4(address: string): string | null {
  const match = /^64:ff9b::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return /^64:ff9b::(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? null;
  const [hi, lo] = [parseInt(match[1], 16), parseInt(match[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export interface AddressPolicy {
  /** Loopback is allowed (test mode, for local development). */
  allowLoopback: boolean;
  /** Host names reached whatever they resolve to (the operator's allowlist). */
  hosts: ReadonlySet<string>;
  /** Networks reached though internal (the operator's allowlist). */
  nets: BlockList;
}

/** The operator's allowlist (`BURSAR_WEBHOOK_ALLOW`): host names, addresses and CIDR networks. */
export function allowlist(entries: readonly string[]): Pick<AddressPolicy, 'hosts' | 'nets'> {
  const hosts = new Set<string>();
  const nets = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) hosts.add(entry.toLowerCase());
    else if (bits === undefined) nets.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
    else nets.addSubnet(address, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
  }
  return { hosts, nets };
}

/** Checks addresses for a mode and allowlist; each outgoing client holds one. */
export function addressPolicy(livemode: boolean, allow: Pick<AddressPolicy, 'hosts' | 'nets'>): AddressPolicy {
  return { allowLoopback: !livemode, ...allow };
}

/** Why `address` may not be reached, or null when it may. */
export function refusal(policy: AddressPolicy, address: string): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (policy.nets.check(address, family)) return null;
  if (policy.allowLoopback && loopback.check(address, family)) return null;
  const v4 = family === 'ipv6' ? embeddedIpv4(address) : null;
  if (internal.check(address, family) || (v4 !== null && internal.check(v4, 'ipv4'))) {
    return `${address} is a loopback, private, link-local or otherwise internal address`;
  }
  return null;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** A URL's host name without IPv6 brackets, lower case. */
const bareHost = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * Why an endpoint URL may not be saved: its host is an address the policy refuses (a name is
 * checked at delivery time, when it is resolved). Null when it may.
 */
export function urlRefusal(policy: AddressPolicy, url: string): string | null {
  const bare = bareHost(new URL(url).hostname);
  return isIP(bare) ? refusal(policy, bare) : null;
}

/**
 * Resolves `host` and checks every address; throws naming the first refused one. Returns
 * the addresses to connect to. An allowlisted host name is not checked.
 */
export async function resolveAllowed(policy: AddressPolicy, host: string, resolve: Resolver): Promise<{ address: string; family: number }[]> {
  const bare = bareHost(host);
  const literal = isIP(bare);
  const addresses = literal ? [{ address: bare, family: literal }] : await resolve(bare);
  if (policy.hosts.has(bare)) return addresses;
  for (const { address } of addresses) {
    const why = refusal(policy, address);
    if (why) throw new Error(`Refused to connect to ${bare}: ${why}`);
  }
  if (addresses.length === 0) throw new Error(`${bare} did not resolve`);
  return addresses;
}
