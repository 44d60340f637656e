import ipaddr from 'ipaddr.js';

/**
 * Which addresses the tool may send requests to when the URL comes from outside (a platform's configuration,
 * key set, token endpoint, AGS and NRPS URLs). Public unicast addresses are allowed; loopback, private,
 * link-local, unique-local, CGNAT, multicast, broadcast and reserved ranges are refused unless the operator
 * lists the host or its network in OUTBOUND_ALLOW_HOSTS, or (outside production) the address is loopback.
 * Addresses are parsed and classified by ipaddr.js, so every spelling of an address (decimal, hex, octal,
 * short forms, IPv4 inside IPv6) is judged by the address it means.
 */
export interface OutboundPolicy {
  /** Plain http allowed (outside production: the demo LMS and a local Moodle). */
  allowHttp: boolean;
  /** Loopback allowed without being listed (outside production). */
  allowLoopback: boolean;
  /** Host names (lower case) whose resolved addresses are all accepted, private ones included. */
  allowHosts: ReadonlySet<string>;
  /** Networks accepted whatever name leads to them. */
  allowNetworks: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

export type AllowEntry = { kind: 'host'; host: string } | { kind: 'network'; cidr: string };
/** An entry the tool will not start with, and why (completes a sentence that starts with the entry). */
export type AllowEntryRefusal = { kind: 'refused'; reason: string };

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The shortest prefixes accepted: broader networks hold most of the internet, or of all private space. */
export const MIN_PREFIX = { ipv4: 8, ipv6: 32 } as const;

/**
 * Never admitted by a network, only by being listed as the single address: link-local (where clouds answer
 * with instance credentials) and the cloud metadata services outside it (AWS's IPv6 fd00:ec2::254, Alibaba's
 * 100.100.100.200; AWS, Azure, GCP and Oracle use 169.254.169.254).
 */
const GUARDED_NETWORKS: ReadonlyArray<[string, string]> = [
  ['169.254.0.0/16', 'link-local 169.254.0.0/16 (cloud metadata)'],
  ['fe80::/10', 'link-local fe80::/10'],
  ['100.100.100.200/32', 'the cloud metadata address 100.100.100.200'],
  ['fd00:ec2::254/128', 'the cloud metadata address fd00:ec2::254'],
];

const NOT_AN_ENTRY =
  'is not a host name, an address or a CIDR network (e.g. moodle.intranet.go.th,10.20.0.0/16)';

/**
 * One entry of OUTBOUND_ALLOW_HOSTS: a host name, an address or a CIDR network, in its plain spelling
 * (10.1.2.3, 10.0.0.0/8, fd12:3456::/48). Unusual spellings of addresses (127.1, 0x7f000001) are not accepted
 * here, so that what the operator wrote is what they meant. Networks that would switch the protection off are
 * refused: IPv4 broader than /8, IPv6 broader than /32 (0.0.0.0/0, ::/0, 128.0.0.0/1), and any network that
 * holds link-local addresses or a cloud metadata address (those are listed one address at a time, if at all).
 */
export function parseAllowEntry(raw: string): AllowEntry | AllowEntryRefusal {
  const entry = raw.trim().toLowerCase().replace(/\.$/, '');
  if (entry.includes('/')) {
    const [address = '', bits = ''] = entry.split('/');
    if (!/^\d{1,3}$/.test(bits) || !plainAddress(address) || !ipaddr.isValidCIDR(entry))
      return { kind: 'refused', reason: NOT_AN_ENTRY };
    const [network, prefix] = ipaddr.parseCIDR(entry);
    const kind = network.kind();
    const single = prefix === (kind === 'ipv4' ? 32 : 128);
    if (prefix < MIN_PREFIX[kind])
      return {
        kind: 'refused',
        reason: `is too broad: a network must be /${MIN_PREFIX[kind]} or narrower for ${kind === 'ipv4' ? 'IPv4' : 'IPv6'}`,
      };
    const guarded = single ? undefined : GUARDED_NETWORKS.find(([cidr]) => overlaps([network, prefix], cidr));
    if (guarded)
      return {
        kind: 'refused',
        reason: `holds ${guarded[1]}: list such an address on its own, if the tool must reach it`,
      };
    return { kind: 'network', cidr: `${network.toString()}/${prefix}` };
  }
  if (plainAddress(entry)) {
    const address = ipaddr.parse(entry);
    return { kind: 'network', cidr: `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}` };
  }
  const labels = entry.split('.');
  if (entry.length > 253 || !labels.every((l) => LABEL.test(l)))
    return { kind: 'refused', reason: NOT_AN_ENTRY };
  // A last label that is a number (127.1, 0x7f000001) makes the whole an address in another spelling, not a name.
  if (ipaddr.isValid(entry) || /^(\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1] ?? ''))
    return { kind: 'refused', reason: NOT_AN_ENTRY };
  return { kind: 'host', host: entry };
}

/** Whether two networks share an address (one holds the other's first address, the broader one). */
function overlaps([network, prefix]: [ipaddr.IPv4 | ipaddr.IPv6, number], cidr: string): boolean {
  const [other, otherPrefix] = ipaddr.parseCIDR(cidr);
  if (other.kind() !== network.kind()) return false;
  return prefix <= otherPrefix ? other.match(network, prefix) : network.match(other, otherPrefix);
}

function plainAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

export function createOutboundPolicy(options: {
  production: boolean;
  allow?: readonly AllowEntry[];
  /** Default: outside production only. */
  allowHttp?: boolean;
}): OutboundPolicy {
  const allow = options.allow ?? [];
  return {
    allowHttp: options.allowHttp ?? !options.production,
    allowLoopback: !options.production,
    allowHosts: new Set(allow.flatMap((e) => (e.kind === 'host' ? [e.host] : []))),
    allowNetworks: allow.flatMap((e) => (e.kind === 'network' ? [ipaddr.parseCIDR(e.cidr)] : [])),
  };
}

/** Never a destination, whatever the allowlist says. */
const NEVER = new Set(['unspecified', 'multicast', 'broadcast']);

/**
 * The address a connection to `text` really reaches, and its range: IPv4 carried inside IPv6 (mapped
 * ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:aabb:ccdd::) is judged as that IPv4 address; the
 * deprecated IPv4-compatible form (::a.b.c.d) and the other transition ranges are reserved.
 */
export function classifyAddress(
  text: string,
): { address: ipaddr.IPv4 | ipaddr.IPv6; range: string } | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(text.replace(/^\[|\]$/g, ''));
  } catch {
    return undefined;
  }
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    const range = v6.range();
    const p = v6.parts;
    if (range === 'ipv4Mapped') return classifyIPv4(v6.toIPv4Address());
    if (range === 'rfc6052' && p[2] === 0) return classifyIPv4(lowIPv4(p[6]!, p[7]!));
    if (range === '6to4') return classifyIPv4(lowIPv4(p[1]!, p[2]!));
    if (v6.zoneId !== undefined) return { address: v6, range: 'zoned' };
    // ::/96 beyond :: and ::1: IPv4-compatible addresses, deprecated and never a platform.
    if (p.slice(0, 6).every((x) => x === 0) && range === 'unicast') return { address: v6, range: 'reserved' };
    return { address: v6, range };
  }
  return classifyIPv4(address as ipaddr.IPv4);
}

function classifyIPv4(address: ipaddr.IPv4): { address: ipaddr.IPv4; range: string } {
  return { address, range: address.range() };
}

function lowIPv4(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * May a request for `host` connect to `address` (one of the addresses `host` resolved to, or the address
 * written in the URL)? Public unicast: yes. Unspecified, multicast and broadcast: never. Otherwise only when
 * the host is listed, the address is in a listed network, or it is loopback and loopback is allowed.
 */
export function checkAddress(policy: OutboundPolicy, host: string, address: string): AddressVerdict {
  const c = classifyAddress(address);
  if (!c) return { allowed: false, reason: `not an address: ${address}` };
  if (NEVER.has(c.range)) return { allowed: false, reason: `${c.range} address ${address}` };
  if (c.range === 'unicast') return { allowed: true };
  if (policy.allowHosts.has(normaliseHost(host))) return { allowed: true };
  if (
    policy.allowNetworks.some(([net, bits]) => net.kind() === c.address.kind() && c.address.match(net, bits))
  )
    return { allowed: true };
  if (c.range === 'loopback' && policy.allowLoopback) return { allowed: true };
  return { allowed: false, reason: `${c.range} address ${address} for ${host}` };
}

/** A URL's host name as the allowlist holds it: lower case, no brackets, no trailing dot. */
export function normaliseHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/** The host is an address written in the URL (after WHATWG parsing: dotted IPv4 or bracketed IPv6). */
export function isAddressLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ''));
}
