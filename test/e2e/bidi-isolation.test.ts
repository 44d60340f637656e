import fs from 'node:fs';
import path from 'node:path';
import { bangkokToday } from '../../src/shared/clock';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Names and titles come from the LMS and from people: a right-to-left override (U+202E) in one must not reorder
// the page around it. Wherever one is shown it sits in a <bdi> or an element with dir="auto".
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const RLO = '\u202E';
const COURSE = 'course-bidi';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: COURSE });
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));

/**
 * Every U+202E in the page's text opens a <bdi> or an element with dir="auto" (the values below start with it), or,
 * in a sentence built as plain text, follows FIRST STRONG ISOLATE (U+2068, closed by U+2069).
 * Attribute values (an aria-label, an input's value) and the document <title> are not laid out with the text.
 */
function expectIsolated(html: string): number {
  const body = html.replace(/<title>[\s\S]*?<\/title>/, '');
  let shown = 0;
  const bare: string[] = [];
  for (let i = body.indexOf(RLO); i >= 0; i = body.indexOf(RLO, i + 1)) {
    const before = body.slice(0, i);
    if (before.lastIndexOf('<') > before.lastIndexOf('>')) continue; // inside a tag: an attribute value
    shown += 1;
    if (!/(<bdi>|<[a-z0-9]+ [^>]*dir="auto"[^>]*>|\u2068)$/.test(before.slice(-200)))
      bare.push(body.slice(Math.max(0, i - 80), i + 20));
  }
  // Every one not isolated, with the text around it.
  expect(bare).toEqual([]);
  return shown;
}

describe('bidi isolation of user-supplied names and titles', () => {
  const learner = user({ name: `${RLO}Mallory Override`, locale: 'en' });
  const teacher = user({ name: `${RLO}Trent Teacher`, roles: [ROLE.instructor], locale: 'en' });

  it('when names, course, entry titles and comments carry U+202E, then every page that shows them isolates them', async () => {
    t.lms.members = [
      { user_id: learner.sub, name: learner.name, email: learner.email, roles: [ROLE.learner] },
      { user_id: teacher.sub, name: teacher.name, roles: [ROLE.instructor] },
    ];
    const s = await openSession(t, learner, { course: COURSE });
    expect(expectIsolated(s.page.text)).toBeGreaterThan(0); // "Hello, <name>"
    const logged = await postForm(s, '/app/record', {
      activityType: 'mentoring',
      title: `${RLO}Spreadsheet coaching`,
      occurredOn: bangkokToday(),
      hours: '3',
      category: '',
      'skill.DL': '3',
      reflection: `${RLO}learned SUMIF`,
      evidenceUrl: '',
    });
    expect(logged.status).toBe(303);
    expect(expectIsolated((await get(s, '/app/progress/history')).text)).toBeGreaterThan(0); // the entry title

    const teach = await open(teacher);
    expect(expectIsolated(teach.page.text)).toBeGreaterThan(0);
    const pages: Record<string, number> = {};
    for (const path of ['/app/class', '/app/approvals', '/app/learners', '/app/grades']) {
      const page = await get(teach, path);
      expect([path, page.status]).toEqual([path, 200]);
      pages[path] = expectIsolated(page.text);
    }
    // The learner's name on the class view and the learners list; name, title and reflection on approvals.
    expect(pages['/app/class']).toBeGreaterThanOrEqual(1);
    expect(pages['/app/learners']).toBeGreaterThanOrEqual(1);
    expect(pages['/app/approvals']).toBeGreaterThanOrEqual(3);

    // The learner's record as the instructor sees it: the name in the heading, the entry title below.
    const learners = (await get(teach, '/app/learners')).text;
    const personId = /data-person="(\d+)"/.exec(learners)![1]!;
    const record = await get(teach, `/app/learners/${personId}/record`);
    expect(record.status).toBe(200);
    expect(record.text).toContain(`<h1>Learning record of <bdi>${RLO}Mallory Override</bdi></h1>`);
    expect(expectIsolated(record.text)).toBeGreaterThanOrEqual(2);

    // A rejection comment comes back to the learner's record history.
    const entry = /data-entry="(\d+)"/.exec((await get(teach, '/app/approvals')).text)![1]!;
    const rejected = await postForm(teach, '/app/approvals', {
      entry: [entry],
      decision: 'reject',
      comment: `${RLO}please attach evidence`,
    });
    expect(rejected.status).toBe(303);
    const progress = (await get(s, '/app/progress/history')).text;
    expect(progress).toContain(`${RLO}please attach evidence`);
    expect(expectIsolated(progress)).toBeGreaterThanOrEqual(2);
  });

  it('when a message puts an isolated name into a sentence, then the rest of the sentence is still escaped', async () => {
    const s = await openSession(t, user({ name: `<i>${RLO}x</i>`, locale: 'en' }), { course: COURSE });
    expect(s.page.text).toContain(`Hello, <bdi>&lt;i&gt;${RLO}x&lt;/i&gt;</bdi>`);
    expect(s.page.text).not.toContain('<i>');
  });

  it('when someone is both learner and instructor, then their own name on the learners list is isolated too', async () => {
    const both = user({ name: `${RLO}Eve Both`, roles: [ROLE.learner, ROLE.instructor], locale: 'en' });
    const s = await openSession(t, both, { course: 'bidi-own' });
    const page = await get(s, '/app/learners');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-own="true"');
    expect(expectIsolated(page.text)).toBeGreaterThanOrEqual(1);
  });

  it("when a module's title carries U+202E, then the assessment rule form lists it isolated", async () => {
    const admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }));
    const edit = await get(admin, '/app/catalogue/dl-accessible-presentations/edit');
    expect(edit.status).toBe(200);
    const form = browserFormEntries(edit.text, { name: 'action', value: 'publish' });
    const entries = form.entries.map(([k, v]): [string, string] =>
      k === 'title.en' ? [k, `${RLO}Accessible slides`] : [k, v],
    );
    const saved = await admin.agent.post(form.action).type('form').send(urlencoded(entries));
    expect(saved.status).toBe(303);
    const ruleForm = await get(admin, '/app/assessments/TPQI-DL/*');
    expect(ruleForm.status).toBe(200);
    expect(ruleForm.text).toContain(`${RLO}Accessible slides`);
    expect(expectIsolated(ruleForm.text)).toBeGreaterThanOrEqual(1);
  });
});

describe('bidi isolation of the names an imported framework brings', () => {
  /** The shipped default framework as a new version, every name, description and role starting with U+202E. */
  function overridden(): string {
    const file = path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json');
    const f = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { version: string };
    f.version = '9.0.0';
    const mark = (v: unknown, key?: string): unknown => {
      if (Array.isArray(v)) return v.map((x) => mark(x));
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.th === 'string' && typeof o.en === 'string')
          return key === 'notes' ? o : { th: `${RLO}${o.th}`, en: `${RLO}${o.en}` };
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, mark(x, k)]));
      }
      return v;
    };
    return JSON.stringify(mark(f));
  }

  it('when a framework whose names carry U+202E is imported, then every page that shows them isolates them', async () => {
    const admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }));
    const imported = await admin.agent
      .post(withLtik(admin, '/app/framework/import'))
      .attach('file', Buffer.from(overridden(), 'utf8'), {
        filename: 'f.json',
        contentType: 'application/json',
      });
    expect(imported.status).toBe(303);

    // A course of their own: the names of the tests above are not this test's.
    const course = { course: 'bidi-framework' };
    const learner = await openSession(t, user({ name: 'Lena Learner', locale: 'en' }), course);
    const teacher = await openSession(
      t,
      user({ name: 'Ted Teacher', roles: [ROLE.instructor], locale: 'en' }),
      course,
    );
    const pages: Array<[Session, string]> = [
      [admin, '/app/framework'],
      [admin, '/app/organisation'],
      [admin, '/app/catalogue/dl-accessible-presentations/edit'],
      [learner, '/app/framework'],
      [teacher, '/app/catalogue'],
      [teacher, '/app/catalogue/matrix'],
      [learner, '/app/plan'],
      [learner, '/app/progress'],
      [learner, '/app/self-assessment'],
      [learner, '/app/record/new'],
      [teacher, '/app/learners'],
      [teacher, '/app/class'],
      [teacher, '/app/assessments'],
    ];
    const shown: Record<string, number> = {};
    for (const [s, p] of pages) {
      const page = await get(s, p);
      expect([p, page.status]).toEqual([p, 200]);
      shown[`${s.user.name} ${p}`] = expectIsolated(page.text);
    }
    // Each page shows some of the framework's names (a skill set, a group, a dimension).
    for (const [key, n] of Object.entries(shown)) expect([key, n > 0]).toEqual([key, true]);
  });
});
