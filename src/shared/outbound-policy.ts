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

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * One entry of OUTBOUND_ALLOW_HOSTS: a host name, an address or a CIDR network, in its plain spelling
 * (10.1.2.3, 10.0.0.0/8, fd00::/8). Unusual spellings of addresses (127.1, 0x7f000001) are not accepted
 * here, so that what the operator wrote is what they meant. Returns undefined when it is none of these.
 */
export function parseAllowEntry(raw: string): AllowEntry | undefined {
  const entry = raw.trim().toLowerCase().replace(/\.$/, '');
  if (entry.includes('/')) {
    const [address = '', bits = ''] = entry.split('/');
    if (!/^\d{1,3}$/.test(bits) || !plainAddress(address) || !ipaddr.isValidCIDR(entry)) return undefined;
    const [network, prefix] = ipaddr.parseCIDR(entry);
    return { kind: 'network', cidr: `${network.toString()}/${prefix}` };
  }
  if (plainAddress(entry)) {
    const address = ipaddr.parse(entry);
    return { kind: 'network', cidr: `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}` };
  }
  const labels = entry.split('.');
  if (entry.length > 253 || !labels.every((l) => LABEL.test(l))) return undefined;
  // A last label that is a number (127.1, 0x7f000001) makes the whole an address in another spelling, not a name.
  if (ipaddr.isValid(entry) || /^(\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return { kind: 'host', host: entry };
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
