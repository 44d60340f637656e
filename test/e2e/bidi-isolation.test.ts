import { bangkokToday } from '../../src/shared/clock';
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
 * Every U+202E in the page's text opens a <bdi> or an element with dir="auto" (the values below start with it).
 * Attribute values (an aria-label, an input's value) and the document <title> are not laid out with the text.
 */
function expectIsolated(html: string): number {
  const body = html.replace(/<title>[\s\S]*?<\/title>/, '');
  let shown = 0;
  for (let i = body.indexOf(RLO); i >= 0; i = body.indexOf(RLO, i + 1)) {
    const before = body.slice(0, i);
    if (before.lastIndexOf('<') > before.lastIndexOf('>')) continue; // inside a tag: an attribute value
    shown += 1;
    expect(before.slice(-40)).toMatch(/(<bdi>|<[a-z0-9]+ [^>]*dir="auto"[^>]*>)$/);
  }
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
    expect(expectIsolated((await get(s, '/app/progress')).text)).toBeGreaterThan(0); // the entry title

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

    // A rejection comment comes back to the learner's progress page.
    const entry = /data-entry="(\d+)"/.exec((await get(teach, '/app/approvals')).text)![1]!;
    const rejected = await postForm(teach, '/app/approvals', {
      entry: [entry],
      decision: 'reject',
      comment: `${RLO}please attach evidence`,
    });
    expect(rejected.status).toBe(303);
    const progress = (await get(s, '/app/progress')).text;
    expect(progress).toContain(`${RLO}please attach evidence`);
    expect(expectIsolated(progress)).toBeGreaterThanOrEqual(2);
  });

  it('when a message puts an isolated name into a sentence, then the rest of the sentence is still escaped', async () => {
    const s = await openSession(t, user({ name: `<i>${RLO}x</i>`, locale: 'en' }), { course: COURSE });
    expect(s.page.text).toContain(`Hello, <bdi>&lt;i&gt;${RLO}x&lt;/i&gt;</bdi>`);
    expect(s.page.text).not.toContain('<i>');
  });
});
