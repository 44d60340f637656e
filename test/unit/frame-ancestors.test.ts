import { createFrameAncestors } from '../../src/http/frame-ancestors';
import { allowFormAction, contentSecurityPolicy, originSource } from '../../src/http/security-headers';

const TOOL = 'https://tool.example.go.th';
const moodle = (host: string) => ({
  issuer: `https://${host}`,
  authEndpoint: `https://${host}/mod/lti/auth.php`,
});

describe('which origins may frame the tool', () => {
  it('when the registry is read, then each platform origin appears once, the tool itself as self, nothing unsafe', async () => {
    const fa = createFrameAncestors({
      toolOrigin: TOOL,
      platforms: async () => [
        moodle('moodle.example.go.th'),
        { issuer: 'https://lms.example.go.th/moodle', authEndpoint: 'https://sso.example.go.th/auth' },
        { issuer: `${TOOL}/demo`, authEndpoint: `${TOOL}/demo/auth` },
        { issuer: 'https://evil.test;script-src *', authEndpoint: 'javascript:alert(1)' },
        { issuer: 'not a url', authEndpoint: 'ftp://files.example' },
      ],
    });
    await fa.refresh();
    expect(fa.current()).toEqual([
      "'self'",
      'https://lms.example.go.th',
      'https://moodle.example.go.th',
      'https://sso.example.go.th',
    ]);
  });

  it('when requests come, then the registry is read at most once per 5 s, in the background, and a failed read keeps the list', async () => {
    let now = 0;
    let reads = 0;
    let answer: () => Promise<Array<{ issuer: string; authEndpoint: string }>> = async () => [
      moodle('a.test'),
    ];
    const errors: unknown[] = [];
    const fa = createFrameAncestors({
      toolOrigin: TOOL,
      now: () => now,
      platforms: () => {
        reads += 1;
        return answer();
      },
      onError: (err) => errors.push(err),
    });
    await fa.refresh();
    expect(reads).toBe(1);
    const first = fa.current();
    for (let i = 0; i < 100; i += 1) expect(fa.current()).toBe(first); // same array: callers cache on it
    now = 4999;
    fa.current();
    expect(reads).toBe(1);

    now = 5000;
    answer = async () => [moodle('a.test'), moodle('b.test')];
    expect(fa.current()).toEqual(['https://a.test']); // never waits: the old list while the new one is read
    expect(fa.current()).toEqual(['https://a.test']);
    expect(reads).toBe(2); // one read in flight, not one per request
    await fa.refresh();
    expect(fa.current()).toEqual(['https://a.test', 'https://b.test']);

    now = 20_000;
    answer = () => Promise.reject(new Error('database unreachable'));
    fa.current();
    await fa.refresh();
    expect(errors).toHaveLength(2);
    expect(fa.current()).toEqual(['https://a.test', 'https://b.test']);
    const readsAfterFailure = reads;
    fa.current();
    expect(reads).toBe(readsAfterFailure); // not again on every request while the database is away
  });

  it('when no platform is registered, then nobody may frame the tool', () => {
    expect(contentSecurityPolicy([])).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['https://moodle.example.go.th/x', 'https://moodle.example.go.th'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['https://xn--l3cb1a.example/', 'https://xn--l3cb1a.example'],
    [`${TOOL}/demo`, "'self'"],
    ['https://a.test,b.test', undefined],
    ['https://a.test;x', undefined],
    ['data:text/html,x', undefined],
    ['//moodle.example', undefined],
  ])('originSource(%s) is %s', (url, source) => {
    expect(originSource(url, TOOL)).toBe(source);
  });

  it('when a Deep Linking return URL has a query, then form-action names its path without the query, and odd characters are escaped', () => {
    const headers = new Map<string, string>([['Content-Security-Policy', contentSecurityPolicy([])]]);
    const res = {
      getHeader: (n: string) => headers.get(n),
      setHeader: (n: string, v: string) => headers.set(n, v),
    } as unknown as Parameters<typeof allowFormAction>[0];
    allowFormAction(res, 'https://moodle.test/mod/lti/contentitem_return.php;x,y?course=2&sesskey=a b', TOOL);
    allowFormAction(res, 'javascript:alert(1)', TOOL);
    expect(headers.get('Content-Security-Policy')).toContain(
      "form-action 'self' https://moodle.test/mod/lti/contentitem_return.php%3Bx%2Cy;",
    );
  });
});
