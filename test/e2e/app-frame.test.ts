import { parse } from 'parse5';
import { FONT_FILES } from '../../src/http/fonts';
import { attr, textOf, walk, type Element } from '../support/html-tree';
import { LTI, ROLE, user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type Session, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const elements = (html: string) => [...walk(parse(html))];
const byId = (html: string, id: string) => elements(html).find((e) => attr(e, 'id') === id);
const within = (e: Element | undefined) => (e ? [...walk(e)] : []);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The frame's navigation as a reader meets it: each link's text, path and aria-current. */
function navigation(html: string) {
  return within(byId(html, 'app-nav'))
    .filter((e) => e.tagName === 'a')
    .map((a) => {
      const href = new URL(attr(a, 'href')!, 'http://x');
      return {
        text: squash(textOf(a)),
        path: href.pathname,
        ltik: href.searchParams.get('ltik'),
        current: attr(a, 'aria-current'),
      };
    });
}

function breadcrumbs(html: string) {
  const nav = elements(html).find((e) => e.tagName === 'nav' && attr(e, 'class') === 'breadcrumbs');
  return within(nav)
    .filter((e) => e.tagName === 'li')
    .map((li) => {
      const a = within(li).find((e) => e.tagName === 'a');
      return {
        text: squash(textOf(li)),
        path: a ? new URL(attr(a, 'href')!, 'http://x').pathname : undefined,
      };
    });
}

const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));

describe('the app frame: navigation per role, current page, breadcrumbs', () => {
  it('when a learner launches, then the frame offers their places, Home marked as the current page, each with the ltik', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    const nav = navigation(s.page.text);
    expect(nav.map((l) => [l.text, l.path, l.current])).toEqual([
      ['Home', '/app/home', 'page'],
      ['Modules', '/app/modules', undefined],
      ['My progress', '/app/progress', undefined],
      ['My plan', '/app/plan', undefined],
      ['Self-assessment', '/app/self-assessment', undefined],
    ]);
    expect(nav.every((l) => l.ltik === s.ltik)).toBe(true);
    const brand = elements(s.page.text).find((e) => attr(e, 'data-testid') === 'brand')!;
    expect(attr(brand, 'href')).toBe(withLtik(s, '/app/home'));
    // The home page is a place of its own, not below one: no breadcrumbs.
    expect(breadcrumbs(s.page.text)).toEqual([]);
  });

  it('when a learner follows each link of the frame, then every one opens (none refused for the role)', async () => {
    const s = await openSession(t, user({ locale: 'th' }));
    for (const link of navigation(s.page.text)) {
      const res = await get(s, link.path);
      expect([link.path, res.status]).toEqual([link.path, 200]);
      // The page reached is marked in its own frame.
      expect(navigation(res.text).find((l) => l.path === link.path)?.current).toBe('page');
    }
  });

  it('when a learner opens a deeper page, then its section is marked and breadcrumbs lead back up', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    const res = await get(s, '/app/record/new');
    expect(res.status).toBe(200);
    expect(navigation(res.text).find((l) => l.path === '/app/progress')?.current).toBe('true');
    expect(navigation(res.text).filter((l) => l.current === 'page')).toEqual([]);
    expect(breadcrumbs(res.text)).toEqual([
      { text: 'Home', path: '/app/home' },
      { text: 'My progress', path: '/app/progress' },
      { text: 'Log learning done outside the tool', path: undefined },
    ]);
  });

  it("when a learner reads a module's page, then the breadcrumbs name the module and link to it", async () => {
    const s = await openSession(t, user({ locale: 'en' }), { module: 'dl-computer-basics' });
    const res = await get(s, '/app/modules/dl-computer-basics/pages/1');
    expect(res.status).toBe(200);
    const crumbs = breadcrumbs(res.text);
    expect(crumbs[0]).toEqual({ text: 'Home', path: '/app/home' });
    // Modules sit in the library, which every role reaches.
    expect(crumbs[1]).toEqual({ text: 'Modules', path: '/app/modules' });
    expect(crumbs[2]?.path).toBe('/app/modules/dl-computer-basics');
    expect(crumbs).toHaveLength(4);
    expect(crumbs[3]?.path).toBeUndefined();
  });

  it('when an instructor launches from a course, then the teaching places follow their own, and every one opens', async () => {
    const s = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }));
    const nav = navigation(s.page.text);
    expect(nav.map((l) => l.text)).toEqual([
      'Home',
      'Modules',
      'My progress',
      'Self-assessment',
      'Learners',
      'Target groups',
      'Approvals',
      'Grades',
      'Catalogue',
      'Skill-set matrix',
      'Eligibility rules',
    ]);
    for (const link of nav) expect([link.path, (await get(s, link.path)).status]).toEqual([link.path, 200]);
    const approvals = await get(s, '/app/approvals');
    expect(navigation(approvals.text).filter((l) => l.current)).toEqual([
      expect.objectContaining({ text: 'Approvals', current: 'page' }),
    ]);
  });

  it('when an instructor launches without a course, then the course places are left out', async () => {
    const s = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), {
      claims: { [`${LTI}context`]: undefined },
    });
    expect(navigation(s.page.text).map((l) => l.text)).toEqual([
      'Home',
      'Modules',
      'My progress',
      'Self-assessment',
      'Catalogue',
      'Skill-set matrix',
      'Eligibility rules',
    ]);
  });

  it('when an administrator launches, then Organisation and Framework are added, in Thai too', async () => {
    const s = await openSession(t, user({ roles: [ROLE.sysAdmin, ROLE.instAdmin], locale: 'th' }));
    const nav = navigation(s.page.text);
    expect(nav.slice(-2).map((l) => [l.text, l.path])).toEqual([
      ['รายงานหน่วยงาน', '/app/organisation'],
      ['กรอบทักษะ', '/app/framework'],
    ]);
    for (const link of nav.slice(-2)) expect((await get(s, link.path)).status).toBe(200);
  });

  it('when a page is shown outside a session (an error page), then it has no navigation and the brand is no link', async () => {
    const res = await t.agent().get('/app/progress');
    expect(res.status).toBe(401);
    expect(byId(res.text, 'app-nav')).toBeUndefined();
    expect(elements(res.text).some((e) => e.tagName === 'a' && attr(e, 'data-testid') === 'brand')).toBe(
      false,
    );
  });

  it('when a page is shown, then it loads the frame script that sizes the LMS iframe, from the tool, not inline', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    const scripts = elements(s.page.text).filter((e) => e.tagName === 'script');
    expect(scripts.map((e) => attr(e, 'src'))).toContain('/static/frame.js');
    expect(scripts.every((e) => attr(e, 'src'))).toBe(true);
    const js = await t.agent().get('/static/frame.js');
    expect(js.status).toBe(200);
    expect(js.text).toContain("subject: 'lti.frameResize'");
  });
});

describe('tables on a phone', () => {
  /** Each data cell of every table and whether it names its column (data-label); a column without a header needs none. */
  function unlabelledCells(html: string): string[] {
    const problems: string[] = [];
    for (const table of elements(html).filter((e) => e.tagName === 'table')) {
      const cells = within(table);
      const headers = cells.filter((e) => e.tagName === 'th' && attr(e, 'scope') === 'col');
      const label = attr(table, 'data-testid') ?? squash(textOf(cells.find((e) => e.tagName === 'caption')!));
      if (!(attr(table, 'class') ?? '').split(' ').includes('stack'))
        problems.push(`${label}: not class="stack"`);
      const unnamed = headers.some((h) => squash(textOf(h)) === '');
      for (const td of cells.filter((e) => e.tagName === 'td'))
        if (attr(td, 'data-label') === undefined && !unnamed)
          problems.push(`${label}: ${squash(textOf(td))}`);
        else if (attr(td, 'data-label') === '') problems.push(`${label}: empty data-label`);
    }
    return problems;
  }

  it('when staff and learners open the pages with tables, then each is marked to turn into cards and every cell names its column', async () => {
    const admin = await openSession(t, user({ roles: [ROLE.sysAdmin, ROLE.instAdmin], locale: 'th' }));
    const learner = await openSession(t, user({ locale: 'en' }));
    const pages: Array<[Session, string]> = [
      [learner, '/app/progress'],
      [learner, '/app/plan'],
      [admin, '/app/class'],
      [admin, '/app/catalogue'],
      [admin, '/app/catalogue/matrix'],
      [admin, '/app/assessments'],
      [admin, '/app/framework'],
      [admin, '/app/organisation'],
    ];
    let tables = 0;
    for (const [s, path] of pages) {
      const res = await get(s, path);
      expect([path, res.status]).toEqual([path, 200]);
      tables += elements(res.text).filter((e) => e.tagName === 'table').length;
      expect([path, unlabelledCells(res.text)]).toEqual([path, []]);
    }
    expect(tables).toBeGreaterThanOrEqual(10);
  });
});

describe('the typeface and the stylesheet', () => {
  it('serves the four Sarabun files the stylesheet names, with a year of caching, and nothing else of the package', async () => {
    const css = (await t.agent().get('/static/app.css')).text;
    const named = [...css.matchAll(/url\(\/static\/fonts\/([^)]+)\)/g)].map((m) => m[1]);
    expect([...new Set(named)].sort()).toEqual([...FONT_FILES].sort());
    for (const file of FONT_FILES) {
      const res = await t.agent().get(`/static/fonts/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('font/woff2');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    for (const other of [
      'sarabun-thai-700-normal.woff2',
      'sarabun-thai-400-normal.woff',
      '../package.json',
      'index.css',
    ])
      expect((await t.agent().get(`/static/fonts/${other}`)).status).toBe(404);
  });

  it('keeps the stylesheet and the fonts of a first page view within 150 kB', async () => {
    const sizes = await Promise.all(
      ['/static/app.css', ...FONT_FILES.map((f) => `/static/fonts/${f}`)].map(async (path) =>
        Number((await t.agent().get(path)).headers['content-length']),
      ),
    );
    const total = sizes.reduce((sum, n) => sum + n, 0);
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(total).toBeLessThanOrEqual(150 * 1024);
  });
});
