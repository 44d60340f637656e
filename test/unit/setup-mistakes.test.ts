import { cookieDroppedOverHttp, foreignTargetLink, siteOf } from '../../src/http/setup-mistakes';

describe('set-up mistakes recognised from the request', () => {
  const LAUNCH = 'https://digiskill.example.go.th/lti/launch';

  it.each([
    [LAUNCH, undefined],
    [`${LAUNCH}?module=pdpa`, undefined],
    [
      'http://digiskill.example.go.th/lti/launch',
      { kind: 'host', configured: 'http://digiskill.example.go.th' },
    ],
    ['https://10.0.0.5:3000/lti/launch', { kind: 'host', configured: 'https://10.0.0.5:3000' }],
    ['https://digiskill.example.go.th/lti/launch/', { kind: 'path', configured: `${LAUNCH}/` }],
    ['https://digiskill.example.go.th/', { kind: 'path', configured: 'https://digiskill.example.go.th/' }],
    ['not a url', undefined],
  ])('the target link %j against the launch URL: %j', (target, expected) => {
    expect(foreignTargetLink(target, LAUNCH)).toEqual(expected);
  });

  it.each([
    ['moodle.example.go.th', 'example.go.th'],
    ['digiskill.example.go.th', 'example.go.th'],
    ['lms.university.ac.th', 'university.ac.th'],
    ['moodle.example.com', 'example.com'],
    ['a.b.example.com', 'example.com'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
  ])('the site of %s is %s', (host, site) => {
    expect(siteOf(host)).toBe(site);
  });

  it.each([
    ['http://digiskill.example.go.th', 'https://moodle.example.go.th', 'https://moodle.example.go.th'],
    ['http://digiskill.agency.go.th', 'http://moodle.other.go.th', 'http://moodle.other.go.th'],
    ['http://10.0.0.5:3000', 'http://10.0.0.6', 'http://10.0.0.6'],
    // Same site over http: the Lax cookie goes with the post, so it was lost for another reason.
    ['http://digiskill.example.go.th', 'http://moodle.example.go.th', undefined],
    ['http://localhost:3000', 'http://localhost:8080', undefined],
    // Over https the cookie is SameSite=None; Secure: a missing one is a browser's third-party cookie blocking.
    ['https://digiskill.example.go.th', 'https://moodle.other.go.th', undefined],
    ['http://digiskill.example.go.th', undefined, undefined],
    ['http://digiskill.example.go.th', 'null', undefined],
  ])('tool at %s, launch posted from %s: cookie dropped for http from %s', (baseUrl, origin, expected) => {
    expect(cookieDroppedOverHttp(baseUrl, origin)).toBe(expected);
  });
});
