import { parse } from 'parse5';
import { attr, textOf, walk } from '../support/html-tree';
import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #17 "done means every page uses the frame": an error answered inside a session keeps the app frame (the
// role's navigation, the brand and a button leading home, the language switch), so that a learner inside Moodle's
// iframe is never left to relaunch; and the language switch keeps the page's query (issue #17, item 2).
let t: TestApp;
let learnerTh: Session;
let learnerEn: Session;
let adminEn: Session;
beforeAll(async () => {
  t = await startTestApp();
  learnerTh = await openSession(t, user({ locale: 'th' }), { course: 'course-frame' });
  learnerEn = await openSession(t, user({ locale: 'en' }), { course: 'course-frame' });
  adminEn = await openSession(t, user({ roles: [ROLE.sysAdmin, ROLE.instAdmin], locale: 'en' }), {
    course: 'course-frame',
  });
});
afterAll(async () => {
  await t.close();
});

const elements = (html: string) => [...walk(parse(html))];
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const byTestId = (html: string, id: string) => elements(html).find((e) => attr(e, 'data-testid') === id);
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
const text = (e: ReturnType<typeof byTestId>) => (e ? squash(textOf(e)) : undefined);

/** What the frame of a page offers: its navigation, the brand's and home button's targets, the language switch. */
function frameOf(html: string) {
  const link = (e: ReturnType<typeof byTestId>) => {
    const href = e && attr(e, 'href');
    return href ? new URL(href, 'http://x') : undefined;
  };
  const nav = elements(html).find((e) => attr(e, 'id') === 'app-nav');
  const lang = elements(html).find((e) => e.tagName === 'a' && attr(e, 'class') === 'lang');
  const crumbs = elements(html).find((e) => e.tagName === 'nav' && attr(e, 'class') === 'breadcrumbs');
  return {
    lang: attr(
      elements(html).find((e) => e.tagName === 'html')!,
      'lang',
    ),
    nav: nav ? [...walk(nav)].filter((e) => e.tagName === 'a').map((a) => squash(textOf(a))) : [],
    brand: link(byTestId(html, 'brand')),
    home: link(byTestId(html, 'error-home')),
    homeText: text(byTestId(html, 'error-home')),
    back: link(byTestId(html, 'error-back')),
    switch: lang ? new URL(attr(lang, 'href')!, 'http://x') : undefined,
    breadcrumbs: crumbs
      ? [...walk(crumbs)].filter((e) => e.tagName === 'li').map((li) => squash(textOf(li)))
      : [],
  };
}

describe('an error inside a session is in the app frame', () => {
  it.each([
    ['a learner opens the organisation gains (403)', [], '/app/organisation/gains', 403],
    ['a learner opens an evidence file that does not exist (404)', [], '/app/evidence/999', 404],
    ['a learner opens a module that does not exist (404)', [], '/app/modules/nope', 404],
    ['a learner opens an address no route answers (404)', [], '/app/no-such-page', 404],
    [
      'an administrator compares a snapshot with itself (400)',
      [ROLE.sysAdmin, ROLE.instAdmin],
      '/app/organisation/snapshots/compare?a=1&b=1',
      400,
    ],
  ] as const)('when %s, then the status stays and the frame leads home', async (_, roles, path, status) => {
    // A session of its own: following the switch keeps Thai for the rest of the session.
    const s = await openSession(t, user({ locale: 'en', ...(roles.length ? { roles: [...roles] } : {}) }), {
      course: 'course-frame',
    });
    const res = await get(s, path);
    expect(res.status).toBe(status);
    const f = frameOf(res.text);
    expect(f.lang).toBe('en');
    expect(f.nav).toEqual(expect.arrayContaining(['Home', 'Modules', 'My progress']));
    expect([f.brand?.pathname, f.brand?.searchParams.get('ltik')]).toEqual(['/app/home', s.ltik]);
    expect([f.home?.pathname, f.home?.searchParams.get('ltik')]).toEqual(['/app/home', s.ltik]);
    expect(f.homeText).toBe('Go to your home page');
    // The switch shows this very page (its query too) in Thai, in the same session.
    expect(f.switch?.pathname).toBe(path.split('?')[0]);
    expect(f.switch?.searchParams.get('lang')).toBe('th');
    expect(f.switch?.searchParams.get('ltik')).toBe(s.ltik);
    const other = await s.agent.get(`${f.switch!.pathname}${f.switch!.search}`);
    expect(other.status).toBe(status);
    expect(frameOf(other.text).homeText).toBe('ไปหน้าหลัก');
  });

  it('when a Thai learner is refused a page, then the page is in Thai with Thai navigation', async () => {
    const res = await get(learnerTh, '/app/organisation/gains');
    expect(res.status).toBe(403);
    const f = frameOf(res.text);
    expect(f.lang).toBe('th');
    expect(f.nav).toEqual(expect.arrayContaining(['หน้าหลัก', 'บทเรียน']));
    expect(f.homeText).toBe('ไปหน้าหลัก');
    expect(res.text).toContain('ไม่ได้รับอนุญาต');
    // The learner does not reach Organisation: no breadcrumb to it, only home and the page.
    expect(f.breadcrumbs).toEqual(['หน้าหลัก', 'ไม่ได้รับอนุญาต']);
  });

  it('when the address is in a section the role reaches, then the breadcrumbs lead to it', async () => {
    const res = await get(learnerEn, '/app/modules/nope');
    expect(frameOf(res.text).breadcrumbs).toEqual(['Home', 'Modules', 'Module not available']);
    const compare = await get(adminEn, '/app/organisation/snapshots/compare?a=1&b=1');
    expect(frameOf(compare.text).breadcrumbs).toContain('Organisation');
    // The route knows the way back: the list of snapshots.
    expect(frameOf(compare.text).back?.pathname).toBe('/app/organisation/snapshots');
  });

  it('when a form is refused (a POST), then the switch leads to a page that can be reloaded, not to the POST address', async () => {
    const res = await postForm(adminEn, '/app/organisation/snapshots', { title: '' });
    expect(res.status).toBe(422);
    const f = frameOf(res.text);
    expect(f.home?.pathname).toBe('/app/home');
    expect(f.switch?.pathname).toBe('/app/home');
    expect(f.switch?.searchParams.get('lang')).toBe('th');
  });
});

describe('an error without a session stays plain, with the language switch', () => {
  it('when the ltik is missing, then no navigation and no home button, but the switch to the same page', async () => {
    const res = await t.agent().get('/app/progress?page=2').set('Accept-Language', 'en');
    expect(res.status).toBe(401);
    const f = frameOf(res.text);
    expect(f.nav).toEqual([]);
    expect(f.brand).toBeUndefined();
    expect(f.home).toBeUndefined();
    expect(f.switch?.pathname).toBe('/app/progress');
    expect(f.switch?.searchParams.get('page')).toBe('2');
    expect(f.switch?.searchParams.get('lang')).toBe('th');
  });

  it('when an address starts with two slashes, then the switch stays on this host', async () => {
    const res = await t.agent().get('//evil.example/x');
    expect(res.status).toBe(404);
    const lang = elements(res.text).find((e) => e.tagName === 'a' && attr(e, 'class') === 'lang');
    expect(attr(lang!, 'href')).toMatch(/^\/evil\.example\/x\?lang=/);
  });

  it('when a launch is refused (a POST to the launch address), then no switch: the answer is not a page to reload', async () => {
    const res = await t.agent().post('/lti/launch').type('form').send({ id_token: 'x', state: 'y' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(frameOf(res.text).switch).toBeUndefined();
  });
});
