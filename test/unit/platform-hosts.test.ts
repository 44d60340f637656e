import { isPlatformUrl, platformHosts } from '../../src/lti/platform-hosts';

// Moodle's registration: everything under its wwwroot; a separate keyset host shows that every URL counts.
const REGISTRATION = [
  'https://moodle.example.go.th',
  'https://moodle.example.go.th/mod/lti/auth.php',
  'https://moodle.example.go.th/mod/lti/token.php',
  'https://keys.example.go.th/mod/lti/certs.php',
];

describe('platform hosts: is this URL on the platform of this registration', () => {
  const dev = platformHosts(REGISTRATION, false);
  const prod = platformHosts(REGISTRATION, true);

  it.each<[string, unknown, boolean, boolean]>([
    // [what, url, accepted in development, accepted in production]
    [
      'an https service URL on the issuer host',
      'https://moodle.example.go.th/mod/lti/services.php/2/lineitems?type_id=1',
      true,
      true,
    ],
    [
      'an http URL on the issuer host (http only outside production)',
      'http://moodle.example.go.th/mod/lti/contentitem_return.php',
      true,
      false,
    ],
    ['a URL on the key set host', 'https://keys.example.go.th/other', true, true],
    [
      'the host in upper case (URLs are case-insensitive there)',
      'https://MOODLE.example.go.th/x',
      true,
      true,
    ],
    ['the default port spelt out', 'https://moodle.example.go.th:443/x', true, true],
    ['another port of the same host name', 'https://moodle.example.go.th:8443/x', false, false],
    ['another host', 'https://evil.example/steal', false, false],
    ['a sub-domain of the platform host', 'https://a.moodle.example.go.th/x', false, false],
    ['a host that only ends like the platform host', 'https://evilmoodle.example.go.th/x', false, false],
    [
      'a host that starts like the platform host',
      'https://moodle.example.go.th.evil.example/x',
      false,
      false,
    ],
    ['user info before the platform host', 'https://moodle.example.go.th@evil.example/x', false, false],
    ['user info on the platform host', 'https://user:pw@moodle.example.go.th/x', false, false],
    ['javascript:', 'javascript:alert(document.domain)', false, false],
    [
      'javascript: naming the host in a comment',
      'javascript://moodle.example.go.th/%0aalert(1)',
      false,
      false,
    ],
    ['data:', 'data:text/html,<script>alert(1)</script>', false, false],
    ['ftp: on the platform host', 'ftp://moodle.example.go.th/x', false, false],
    ['a relative URL', '/mod/lti/contentitem_return.php', false, false],
    ['a protocol-relative URL', '//moodle.example.go.th/x', false, false],
    ['not a URL', 'not a url', false, false],
    ['an empty string', '', false, false],
    ['a number', 42, false, false],
    ['an object', { href: 'https://moodle.example.go.th/' }, false, false],
    ['undefined', undefined, false, false],
  ])('%s: %j', (_what, url, inDevelopment, inProduction) => {
    expect({ development: isPlatformUrl(url, dev), production: isPlatformUrl(url, prod) }).toEqual({
      development: inDevelopment,
      production: inProduction,
    });
  });

  it('takes the hosts of http(s) registration URLs only, and skips what is missing or not a URL', () => {
    expect(
      [
        ...platformHosts(
          [
            'http://127.0.0.1:8080',
            undefined,
            'not a url',
            'urn:example:issuer',
            'HTTPS://Moodle.Example:443/a',
          ],
          false,
        ).hosts,
      ].sort(),
    ).toEqual(['127.0.0.1:8080', 'moodle.example']);
  });

  it('with no usable registration URL, no URL is the platform’s', () => {
    expect(isPlatformUrl('https://moodle.example.go.th/x', platformHosts(['urn:x', undefined], false))).toBe(
      false,
    );
  });
});
