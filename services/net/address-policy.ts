// Which IP addresses an outbound fetch may reach: public unicast only, unless explicitly allowed.
import { BlockList, isIP } from 'node:net';

/** Ranges a server-side fetch must never reach, with the reason reported on refusal. */
const BLOCKED_RANGES: Array<[cidr: string, reason: string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.169.254/32', 'cloud metadata'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  // IPv4-compatible (`::a.b.c.d`, `::7f00:1`): deprecated, and some stacks route them as the IPv4 they embed.
  ['::/96', 'IPv4-compatible IPv6'],
  ['::ffff:0:0:0/96', 'IPv4-translated IPv6'],
  ['64:ff9b::/96', 'NAT64'],
  ['64:ff9b:1::/48', 'NAT64'],
  ['100::/64', 'discard'],
  ['2001::/32', 'Teredo'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4'],
  ['fd00:ec2::254/128', 'cloud metadata'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
];

/** Host names that reach metadata services without going through a blocked literal in DNS everywhere. */
export const BLOCKED_HOSTNAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

const blocked = BLOCKED_RANGES.map(([cidr, reason]) => ({ reason, list: cidrList([cidr]) }));

export function cidrList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [addr, bits] = cidr.split('/');
    const family = isIP(addr);
    if (!family) throw new Error(`invalid CIDR ${cidr}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/** `::ffff:a.b.c.d` (and its hex form) is the IPv4 address it wraps. */
export function unmapIPv4(ip: string): string {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return ip;
  if (m[1]) return m[1];
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Why `ip` must not be fetched, or null when it may be. `allow` (explicit CIDRs, e.g. a test's
 * 127.0.0.1/32) wins over the built-in ranges.
 */
export function blockedReason(ip: string, allow?: BlockList): string | null {
  const addr = unmapIPv4(ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const family = isIP(addr);
  if (!family) return 'not an IP address';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (allow?.check(addr, type)) return null;
  for (const { reason, list } of blocked) if (list.check(addr, type)) return reason;
  return null;
}

/** The operator's extra allowed CIDRs (`allowCidrs`) as a list, undefined when there are none. */
export const allowList = (cidrs: readonly string[] | undefined): BlockList | undefined => (cidrs?.length ? cidrList(cidrs) : undefined);

/**
 * Why a host that is a literal address (IPv6 possibly bracketed) is refused, as `address H is R`;
 * null for a name (those are checked after DNS, at connect time) or an allowed address.
 */
export function refusedLiteral(host: string, allow?: BlockList): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  const reason = isIP(bare) ? blockedReason(bare, allow) : null;
  return reason && `address ${bare} is ${reason}`;
}
