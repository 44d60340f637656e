import { OutboundRefusal, resolveTarget, type ResolveHost } from '../../src/shared/outbound-http';
import {
  checkAddress,
  createOutboundPolicy,
  parseAllowEntry,
  type AllowEntry,
} from '../../src/shared/outbound-policy';

// Pure decisions only: nothing here opens a connection. (The client's connections are tested against loopback
// servers in test/integration/outbound-http.test.ts.)
const production = createOutboundPolicy({ production: true });
const development = createOutboundPolicy({ production: false });
const allowing = (...entries: string[]) =>
  createOutboundPolicy({ production: true, allow: entries.map((e) => parseAllowEntry(e) as AllowEntry) });

describe('outbound address rules (every spelling is judged by the address it means)', () => {
  it.each([
    // address as a resolver or ipaddr.js may see it, what it is
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['2130706433', 'loopback (decimal)'],
    ['0x7f000001', 'loopback (hex)'],
    ['127.1', 'loopback (short form)'],
    ['0177.0.0.1', 'loopback (octal)'],
    ['::1', 'IPv6 loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::7f00:1', 'IPv4-compatible loopback'],
    ['::0a00:0001', 'IPv4-compatible 10.0.0.1'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b:1::a00:1', 'local-use NAT64 prefix'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['10.0.0.1', 'RFC 1918 10/8'],
    ['10.255.255.255', 'RFC 1918 10/8'],
    ['172.16.0.1', 'RFC 1918 172.16/12'],
    ['172.31.255.254', 'RFC 1918 172.16/12'],
    ['192.168.1.1', 'RFC 1918 192.168/16'],
    ['::ffff:192.168.1.1', 'IPv4-mapped private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fec0::1', 'deprecated site-local'],
    ['100.64.0.1', 'CGNAT 100.64/10'],
    ['100.127.255.254', 'CGNAT 100.64/10'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '0/8'],
    ['::', 'IPv6 unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'IPv6 multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved 240/4'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['198.18.0.1', 'benchmarking'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'discard'],
    ['not-an-address', 'not an address'],
  ])('refuses %s (%s) in production', (address) => {
    expect(checkAddress(production, 'platform.example', address)).toMatchObject({ allowed: false });
  });

  it.each([
    ['8.8.8.8'],
    ['93.184.216.34'],
    ['172.32.0.1'], // just past 172.16/12
    ['100.128.0.1'], // just past 100.64/10
    ['2001:4860:4860::8888'],
    ['::ffff:8.8.8.8'], // IPv4-mapped public
    ['64:ff9b::808:808'], // NAT64 of a public address
    ['2002:808:808::1'], // 6to4 of a public address
  ])('allows the public address %s', (address) => {
    expect(checkAddress(production, 'platform.example', address)).toEqual({ allowed: true });
  });

  it('outside production allows loopback in every spelling, and still refuses private and link-local', () => {
    for (const a of ['127.0.0.1', '2130706433', '127.1', '::1', '::ffff:127.0.0.1'])
      expect(checkAddress(development, 'localhost', a)).toEqual({ allowed: true });
    for (const a of ['10.0.0.1', '192.168.0.10', '169.254.169.254', 'fd00::1', '100.64.0.1', '0.0.0.0'])
      expect(checkAddress(development, 'localhost', a)).toMatchObject({ allowed: false });
  });

  it('a listed host name may resolve to private addresses; its other names and addresses may not', () => {
    const policy = allowing('moodle.intranet.go.th');
    expect(checkAddress(policy, 'moodle.intranet.go.th', '10.20.0.5')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'MOODLE.intranet.go.th.', '10.20.0.5')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'other.intranet.go.th', '10.20.0.5')).toMatchObject({ allowed: false });
    expect(checkAddress(policy, 'evil.intranet.go.th.example', '10.20.0.5')).toMatchObject({
      allowed: false,
    });
    // Multicast, broadcast and unspecified are never destinations, even for a listed name.
    expect(checkAddress(policy, 'moodle.intranet.go.th', '0.0.0.0')).toMatchObject({ allowed: false });
    expect(checkAddress(policy, 'moodle.intranet.go.th', '224.0.0.1')).toMatchObject({ allowed: false });
  });

  it('a listed network allows its addresses in any spelling, whatever the name, and nothing outside it', () => {
    const policy = allowing('10.20.0.0/16', 'fd00:1::/32', '127.0.0.1');
    expect(checkAddress(policy, 'a.example', '10.20.3.4')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'a.example', '::ffff:10.20.3.4')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'a.example', '10.21.0.1')).toMatchObject({ allowed: false });
    expect(checkAddress(policy, 'a.example', 'fd00:1:2::3')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'a.example', 'fd00:2::3')).toMatchObject({ allowed: false });
    expect(checkAddress(policy, 'a.example', '127.0.0.1')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'a.example', '127.0.0.2')).toMatchObject({ allowed: false });
  });
});

describe('OUTBOUND_ALLOW_HOSTS entries', () => {
  it.each([
    ['moodle.intranet.go.th', { kind: 'host', host: 'moodle.intranet.go.th' }],
    [' Moodle.Intranet.go.th. ', { kind: 'host', host: 'moodle.intranet.go.th' }],
    ['moodle', { kind: 'host', host: 'moodle' }],
    ['10.20.0.0/16', { kind: 'network', cidr: '10.20.0.0/16' }],
    ['10.20.0.5', { kind: 'network', cidr: '10.20.0.5/32' }],
    ['fd12:3456::/48', { kind: 'network', cidr: 'fd12:3456::/48' }],
    ['fd00::1', { kind: 'network', cidr: 'fd00::1/128' }],
    // The narrowest networks allowed.
    ['10.0.0.0/8', { kind: 'network', cidr: '10.0.0.0/8' }],
    ['fd12:3456::/32', { kind: 'network', cidr: 'fd12:3456::/32' }],
    // Next to link-local but outside it, and a network beside the metadata address.
    ['169.255.0.0/16', { kind: 'network', cidr: '169.255.0.0/16' }],
    ['100.64.0.0/11', { kind: 'network', cidr: '100.64.0.0/11' }],
    // A link-local or metadata address listed on its own is what the operator meant.
    ['169.254.169.254', { kind: 'network', cidr: '169.254.169.254/32' }],
    ['169.254.10.1/32', { kind: 'network', cidr: '169.254.10.1/32' }],
    ['fe80::1', { kind: 'network', cidr: 'fe80::1/128' }],
    ['fd00:ec2::254', { kind: 'network', cidr: 'fd00:ec2::254/128' }],
  ])('accepts %j', (raw, parsed) => {
    expect(parseAllowEntry(raw)).toEqual(parsed);
  });

  it.each([
    ['127.1'],
    ['2130706433'],
    ['0x7f000001'],
    ['10.0.0.0/33'],
    ['10.0.0.0/x'],
    ['fd00::/129'],
    ['http://moodle.example'],
    ['moodle.example:443'],
    ['*.example.go.th'],
    ['-bad.example'],
    ['a..b'],
  ])('refuses %j', (raw) => {
    expect(parseAllowEntry(raw)).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(/^is not a host name, an address or a CIDR network/) as unknown,
    });
  });

  it.each([
    // Entries that would switch the protection off: all of IPv4 or IPv6, or half of it.
    ['0.0.0.0/0', 'is too broad: a network must be /8 or narrower for IPv4'],
    ['128.0.0.0/1', 'is too broad: a network must be /8 or narrower for IPv4'],
    ['10.0.0.0/7', 'is too broad: a network must be /8 or narrower for IPv4'],
    ['::/0', 'is too broad: a network must be /32 or narrower for IPv6'],
    ['fd00::/8', 'is too broad: a network must be /32 or narrower for IPv6'],
    ['2000::/3', 'is too broad: a network must be /32 or narrower for IPv6'],
    ['fd12:3456::/31', 'is too broad: a network must be /32 or narrower for IPv6'],
    // Networks that hold link-local (instance credentials at 169.254.169.254) or a metadata address.
    ['169.0.0.0/8', 'holds link-local 169.254.0.0/16 (cloud metadata)'],
    ['169.254.0.0/16', 'holds link-local 169.254.0.0/16 (cloud metadata)'],
    ['169.254.169.0/24', 'holds link-local 169.254.0.0/16 (cloud metadata)'],
    ['169.254.169.254/31', 'holds link-local 169.254.0.0/16 (cloud metadata)'],
    ['fe80::/32', 'holds link-local fe80::/10'],
    ['fe80::/64', 'holds link-local fe80::/10'],
    ['100.64.0.0/10', 'holds the cloud metadata address 100.100.100.200'],
    ['100.100.100.0/24', 'holds the cloud metadata address 100.100.100.200'],
    ['fd00:ec2::/32', 'holds the cloud metadata address fd00:ec2::254'],
  ])('refuses %j, which would open what the protection is for', (raw, reason) => {
    expect(parseAllowEntry(raw)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining(reason) as unknown,
    });
  });

  it('lets a listed metadata address through only as that one address', () => {
    const policy = allowing('169.254.169.254', '10.0.0.0/8');
    expect(checkAddress(policy, 'metadata.example', '169.254.169.254')).toEqual({ allowed: true });
    expect(checkAddress(policy, 'metadata.example', '169.254.169.253')).toMatchObject({ allowed: false });
  });
});

describe('where a request may connect (what reaches the check after URL parsing)', () => {
  const answers: Record<string, string[]> = {
    'platform.example': ['93.184.216.34'],
    'dual.example': ['2606:2800:220:1:248:1893:25c8:1946', '93.184.216.34'],
    'loopback.example': ['127.0.0.1'],
    'private.example': ['10.0.0.1'],
    'mixed.example': ['93.184.216.34', '10.0.0.1'],
    'moodle.intranet.go.th': ['10.20.0.5'],
  };
  const lookups: string[] = [];
  const resolve: ResolveHost = async (host) => {
    lookups.push(host);
    const found = answers[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const target = (url: string, policy = production) => resolveTarget(new URL(url), policy, resolve);

  it.each([
    ['https://127.0.0.1/', /loopback/],
    ['https://2130706433/', /loopback/],
    ['https://0x7f000001/', /loopback/],
    ['https://0x7f.1/', /loopback/],
    ['https://127.1/', /loopback/],
    ['https://0177.0.0.1/', /loopback/],
    ['https://[::1]/', /loopback/],
    ['https://[::ffff:127.0.0.1]/', /loopback/],
    ['https://[::ffff:7f00:1]/', /loopback/],
    ['https://[::127.0.0.1]/', /reserved/],
    ['https://[64:ff9b::127.0.0.1]/', /loopback/],
    ['https://10.0.0.1/', /private/],
    ['https://167772161/', /private/], // 10.0.0.1 in decimal
    ['https://0xa.0.0.1/', /private/],
    ['https://012.0.0.1/', /private/], // octal 10
    ['https://[::ffff:10.0.0.1]/', /private/],
    ['https://169.254.169.254/latest/meta-data/', /linkLocal/],
    ['https://[fe80::1]/', /linkLocal/],
    ['https://[fd00::1]/', /uniqueLocal/],
    ['https://100.64.0.1/', /carrierGradeNat/],
    ['https://0/', /unspecified/],
    ['https://0.0.0.0/', /unspecified/],
    ['https://224.0.0.1/', /multicast/],
    ['https://255.255.255.255/', /broadcast/],
    ['https://loopback.example/', /loopback address 127.0.0.1 for loopback.example/],
    ['https://private.example/', /private/],
    ['https://mixed.example/', /private/], // one inside address is enough
    ['https://unknown.example/', /lookup of unknown.example failed: ENOTFOUND/],
    ['http://platform.example/', /http: is not allowed/],
    ['ftp://platform.example/', /ftp: is not allowed/],
    ['file:///etc/passwd', /file: is not allowed/],
    ['https://user:pass@platform.example/', /credentials/],
  ])('in production, %s is refused', async (url, reason) => {
    const refused = target(url);
    await expect(refused).rejects.toBeInstanceOf(OutboundRefusal);
    await expect(refused).rejects.toThrow(reason);
  });

  it('connects a public name to the addresses it checked, once looked up', async () => {
    lookups.length = 0;
    await expect(target('https://platform.example/certs.php')).resolves.toEqual({
      host: 'platform.example',
      literal: false,
      addresses: [{ address: '93.184.216.34', family: 4 }],
    });
    await expect(target('https://dual.example/')).resolves.toMatchObject({
      addresses: [
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
        { address: '93.184.216.34', family: 4 },
      ],
    });
    await expect(target('https://8.8.8.8/')).resolves.toEqual({
      host: '8.8.8.8',
      literal: true,
      addresses: [{ address: '8.8.8.8', family: 4 }],
    });
    expect(lookups).toEqual(['platform.example', 'dual.example']);
  });

  it('outside production allows http and loopback (the demo LMS, a local Moodle), not private addresses', async () => {
    await expect(target('http://127.0.0.1:3000/demo/keys', development)).resolves.toMatchObject({
      addresses: [{ address: '127.0.0.1', family: 4 }],
    });
    await expect(target('http://loopback.example/', development)).resolves.toMatchObject({
      addresses: [{ address: '127.0.0.1' }],
    });
    await expect(target('http://10.0.0.1/', development)).rejects.toThrow(/private/);
  });

  it('in production, loopback and private hosts are reached only when listed, and still only over https', async () => {
    const policy = allowing('moodle.intranet.go.th', '127.0.0.0/8');
    await expect(target('https://moodle.intranet.go.th/mod/lti/certs.php', policy)).resolves.toMatchObject({
      addresses: [{ address: '10.20.0.5' }],
    });
    await expect(target('https://127.0.0.1/', policy)).resolves.toMatchObject({
      addresses: [{ address: '127.0.0.1' }],
    });
    await expect(target('http://moodle.intranet.go.th/', policy)).rejects.toThrow(/http: is not allowed/);
    await expect(target('https://private.example/', policy)).rejects.toThrow(/private/);
  });
});
