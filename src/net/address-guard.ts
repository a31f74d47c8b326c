import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// SSRF defence: a live-mode request never reaches this machine, its private networks or a
// cloud metadata service. Every address a host resolves to (A and AAAA) is checked when the
// request connects, and the connection uses the checked address, so a DNS answer that
// changes between check and connect cannot slip through. The ranges are IANA's IPv4 and
// IPv6 special-purpose registries' entries that are not globally reachable, and every IPv6
// spelling that embeds or reaches one of those IPv4 ranges.

/** IPv4 networks that are not globally reachable. */
const INTERNAL_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba's metadata service)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the 169.254.169.254 metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments (DS-Lite, NAT64 discovery …)
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/** IPv6 networks that are not globally reachable, or reach IPv4 by a translator Bursar cannot see through. */
const INTERNAL_V6: readonly (readonly [string, number])[] = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ['::ffff:0:0:0', 96], // SIIT IPv4-translated ::ffff:0:a.b.c.d
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation: the local network's own NAT64
  ['100::', 64], // discard-only
  ['100:0:0:1::', 64], // dummy prefix
  ['2001::', 23], // IETF protocol assignments, Teredo (an obfuscated IPv4) included
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing (SRv6) SIDs
  ['fc00::', 7], // unique local, including AWS's fd00:ec2::254 metadata service
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

/**
 * IPv6 prefixes that carry an IPv4 address right after them, to a translator or tunnel that
 * delivers to it: the well-known NAT64 prefix 64:ff9b::/96 and 6to4's 2002::/16. An IPv4
 * network is internal under them too. (IPv4-mapped ::ffff:0:0/96 BlockList checks itself.)
 */
const EMBEDDING_V6: readonly (readonly [number[], number])[] = [
  [[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96], // 64:ff9b::/96
  [[0x20, 0x02], 16], // 2002::/16
];

/** `prefix` followed by the IPv4 address `v4` (zeros after), as an IPv6 address BlockList reads. */
function embedded(prefix: number[], v4: string): string {
  const bytes = Buffer.alloc(16);
  bytes.set([...prefix, ...v4.split('.').map(Number)]);
  return Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':');
}

const internal = new BlockList();
for (const [net, bits] of INTERNAL_V4) {
  internal.addSubnet(net, bits, 'ipv4');
  for (const [prefix, prefixBits] of EMBEDDING_V6) internal.addSubnet(embedded(prefix, net), prefixBits + bits, 'ipv6');
}
for (const [net, bits] of INTERNAL_V6) internal.addSubnet(net, bits, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

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
  if (internal.check(address, family)) {
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
