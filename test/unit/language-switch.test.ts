import { languageSwitchHref } from '../../src/http/pages';

// The language switch in the top bar leads to the same page in the other language: every parameter of its query
// kept (a search, a page number, the two snapshots compared), only `lang` replaced, the session's ltik carried.
describe('languageSwitchHref', () => {
  it.each([
    ['no query: the ltik first, then lang', '/app/home', '', 'L', '/app/home?ltik=L&lang=en'],
    ['no session: lang alone', '/certificates/abc', '', undefined, '/certificates/abc?lang=en'],
    ['parameters kept in their order', '/app/x', 'b=2&a=1', 'L', '/app/x?ltik=L&b=2&a=1&lang=en'],
    [
      'the ltik where the query had it, its value the session’s',
      '/app/x',
      'a=1&ltik=old&b=2',
      'L',
      '/app/x?a=1&ltik=L&b=2&lang=en',
    ],
    ['a leading ? is not a parameter', '/app/x', '?a=1', undefined, '/app/x?a=1&lang=en'],
    [
      'repeated keys all kept',
      '/app/modules',
      'skill=DL&skill=DG&q=x',
      undefined,
      '/app/modules?skill=DL&skill=DG&q=x&lang=en',
    ],
    [
      'an existing lang replaced, wherever and however often',
      '/app/x',
      'lang=th&a=1&lang=xx',
      undefined,
      '/app/x?a=1&lang=en',
    ],
    ['a repeated ltik given once', '/app/x', 'ltik=a&ltik=b', 'L', '/app/x?ltik=L&lang=en'],
    [
      'Thai text encoded as UTF-8, space as +',
      '/app/modules',
      'q=%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5%20%E0%B8%94%E0%B8%B4%E0%B8%88%E0%B8%B4%E0%B8%97%E0%B8%B1%E0%B8%A5',
      undefined,
      '/app/modules?q=%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5+%E0%B8%94%E0%B8%B4%E0%B8%88%E0%B8%B4%E0%B8%97%E0%B8%B1%E0%B8%A5&lang=en',
    ],
    [
      'characters that would break the query re-encoded',
      '/app/x',
      'q=a%26b%3Dc%23d',
      undefined,
      '/app/x?q=a%26b%3Dc%23d&lang=en',
    ],
    ['an empty value kept', '/app/x', 'q=&page=2', undefined, '/app/x?q=&page=2&lang=en'],
    [
      'two leading slashes (another host to a browser) made one',
      '//evil.example/x',
      '',
      undefined,
      '/evil.example/x?lang=en',
    ],
    ['a leading backslash made a slash', '/\\evil.example/x', '', undefined, '/evil.example/x?lang=en'],
  ])('%s', (_, path, query, ltik, expected) => {
    expect(languageSwitchHref(path, query, 'en', ltik)).toBe(expected);
  });

  it('when the target is Thai, then lang=th, and the Thai search reads back as typed', () => {
    const href = languageSwitchHref('/app/modules', 'q=ความปลอดภัย+ข้อมูล&page=3', 'th', 'L');
    const url = new URL(href, 'http://x');
    expect([...url.searchParams]).toEqual([
      ['ltik', 'L'],
      ['q', 'ความปลอดภัย ข้อมูล'],
      ['page', '3'],
      ['lang', 'th'],
    ]);
    expect(href).not.toMatch(/[\u0E00-\u0E7F ]/);
  });
});
