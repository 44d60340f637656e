import { parse } from 'parse5';
import { attr, walk } from '../support/html-tree';
import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #17 item 2: the language switch in the top bar leads to the same page in the other language, with every
// parameter of its query (a comparison's two snapshots, a page number, a Thai search), only `lang` replaced.
let t: TestApp;
let learnerTh: Session;
let learnerEn: Session;
let adminEn: Session;
beforeAll(async () => {
  t = await startTestApp();
  learnerTh = await openSession(t, user({ locale: 'th' }), { course: 'course-switch' });
  learnerEn = await openSession(t, user({ locale: 'en' }), { course: 'course-switch' });
  adminEn = await openSession(t, user({ roles: [ROLE.sysAdmin, ROLE.instAdmin], locale: 'en' }), {
    course: 'course-switch',
  });
});
afterAll(async () => {
  await t.close();
});

const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
/** The href of the top bar's language switch. */
const switchHref = (html: string) =>
  attr(
    [...walk(parse(html))].find((e) => e.tagName === 'a' && attr(e, 'class') === 'lang')!,
    'href',
  )!;
const switchOf = (html: string) => new URL(switchHref(html), 'http://x');

describe('the language switch keeps the query of the page', () => {
  it('when an administrator switches language on a comparison, then the same two snapshots are compared', async () => {
    for (const title of ['one', 'two'])
      expect(
        (await postForm(adminEn, '/app/organisation/snapshots', { title, asOf: '2026-11-30' })).status,
      ).toBe(303);
    const ids = (await t.db.query<{ id: number }>('SELECT id::int FROM report_snapshots ORDER BY id')).map(
      (r) => r.id,
    );
    const res = await get(adminEn, `/app/organisation/snapshots/compare?a=${ids[0]}&b=${ids[1]}`);
    expect(res.status).toBe(200);
    const sw = switchOf(res.text);
    expect([sw.searchParams.get('a'), sw.searchParams.get('b')]).toEqual([String(ids[0]), String(ids[1])]);
    expect((await adminEn.agent.get(`${sw.pathname}${sw.search}`)).status).toBe(200);
  });

  it('when a learner switches language on page 3 of their record history, then page 3 is kept', async () => {
    const res = await get(learnerEn, '/app/progress/history?page=3');
    expect(res.status).toBe(200);
    const sw = switchOf(res.text);
    expect([sw.pathname, sw.searchParams.get('page')]).toEqual(['/app/progress/history', '3']);
  });

  it('when an address from before the history had its own page asks progress for a page, then it leads there', async () => {
    const res = await get(learnerEn, '/app/progress?fy=2569&page=3');
    expect(res.status).toBe(303);
    const to = new URL(res.headers.location!, 'http://x');
    expect(to.pathname).toBe('/app/progress/history');
    expect([to.searchParams.get('fy'), to.searchParams.get('page')]).toEqual(['2569', '3']);
    expect(to.searchParams.get('ltik')).toBeTruthy();
  });

  it('when a learner switches language on a Thai search of the modules, then the search is kept, encoded', async () => {
    const res = await get(learnerTh, `/app/modules?q=${encodeURIComponent('ความปลอดภัย ข้อมูล')}`);
    expect(res.status).toBe(200);
    const href = switchHref(res.text);
    expect(href).not.toMatch(/[\u0E00-\u0E7F ]/);
    const sw = new URL(href, 'http://x');
    expect(sw.searchParams.get('q')).toBe('ความปลอดภัย ข้อมูล');
    expect(sw.searchParams.get('lang')).toBe('en');
    const switched = await learnerTh.agent.get(`${sw.pathname}${sw.search}`);
    expect(switched.status).toBe(200);
    expect(switched.text).toContain('value="ความปลอดภัย ข้อมูล"');
  });
});

describe('the language switch of a page answering a form (a POST has no address to reload)', () => {
  it.each([
    ['the log form with problems', '/app/record', { title: '' }, '/app/record/new'],
    [
      "progress's target group form with a group not the framework's",
      '/app/progress/target',
      { group: 'NOPE', stage: 'X' },
      '/app/progress',
    ],
    [
      "progress's second group form with none chosen",
      '/app/progress/second-group',
      { secondGroup: 'NOPE' },
      '/app/progress',
    ],
  ])(
    'when %s comes back, then the switch leads to the page of the form, which answers',
    async (_, path, form, page) => {
      const res = await postForm(learnerEn, path, form);
      expect(res.status).toBe(422);
      const sw = switchOf(res.text);
      // The other language than the page's (following a switch changes the session's language).
      const pageLang = /<html lang="(th|en)"/.exec(res.text)![1];
      expect([sw.pathname, sw.searchParams.get('lang')]).toEqual([page, pageLang === 'th' ? 'en' : 'th']);
      expect((await learnerEn.agent.get(`${sw.pathname}${sw.search}`)).status).toBe(200);
    },
  );

  it.each([
    [
      'a target-group file with nothing in it',
      '/app/organisation/target-groups/import/preview',
      { csv: '' },
      '/app/organisation/target-groups/import',
    ],
    [
      'an official-results file with nothing in it',
      '/app/organisation/official-results/import/preview',
      { csv: '' },
      '/app/organisation/official-results/import',
    ],
  ])(
    'when %s is previewed, then the switch leads to the import page, which answers',
    async (_, path, form, page) => {
      const res = await postForm(adminEn, path, form);
      expect(res.status).toBe(422);
      const sw = switchOf(res.text);
      expect(sw.pathname).toBe(page);
      expect((await adminEn.agent.get(`${sw.pathname}${sw.search}`)).status).toBe(200);
    },
  );

  it('when another framework is chosen, then the switch of its confirmation leads to the same confirmation', async () => {
    const res = await postForm(adminEn, '/app/framework/choose', { framework: 'teacher-digital-skills' });
    expect(res.status).toBe(200);
    const sw = switchOf(res.text);
    expect([sw.pathname, sw.searchParams.get('framework')]).toEqual([
      '/app/framework/choose',
      'teacher-digital-skills',
    ]);
    const again = await adminEn.agent.get(`${sw.pathname}${sw.search}`);
    expect(again.status).toBe(200);
  });

  it('when an imported framework file is refused, then the switch leads to the framework page, which answers', async () => {
    const res = await postForm(adminEn, '/app/framework/import', { json: '{' });
    expect(res.status).toBe(422);
    const sw = switchOf(res.text);
    expect(sw.pathname).toBe('/app/framework');
    expect((await adminEn.agent.get(`${sw.pathname}${sw.search}`)).status).toBe(200);
  });
});
