import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, course: string): Promise<Session> => openSession(t, u, { course });
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const today = () => bangkokToday();
const verdict = async (s: Session) => {
  const page = (await get(s, '/app/progress')).text;
  const at = page.indexOf('data-assessment="TPQI-DL"');
  return page.slice(at, page.indexOf('</li>', page.indexOf('<ul>', at) > 0 ? page.indexOf('</ul>', at) : at));
};

/** A learner in a course with a target group and `hours` of approved Digital Literacy learning. */
async function learner(course: string, teacher: Session, hours: string): Promise<Session> {
  const s = await open(user({ locale: 'en' }), course);
  await postForm(s, '/app/progress/target', { group: 'SERV', stage: 'EARLY' });
  await postForm(s, '/app/record', {
    activityType: 'mentoring',
    title: 'Spreadsheet coaching',
    occurredOn: today(),
    hours,
    category: '20',
    'skill.DL': hours,
  });
  const [entry] = await t.db.query<{ id: number }>(
    'SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1',
    [s.user.sub],
  );
  await postForm(teacher, '/app/approvals', { entry: [String(entry!.id)], decision: 'approve' });
  return s;
}

describe('editing eligibility rules', () => {
  let admin: Session;
  let teacherA: Session;
  let teacherB: Session;
  let inA: Session;
  let inB: Session;
  beforeAll(async () => {
    admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }), 'course-a');
    teacherA = await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-a');
    teacherB = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-b');
    inA = await learner('course-a', teacherA, '1.5');
    inB = await learner('course-b', teacherB, '1.5');
  });

  it('lists every assessment with its rule per group, marked as shipped defaults', async () => {
    const res = await get(admin, '/app/assessments');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-assessment="TPQI-DL"');
    expect(res.text).toContain('data-source="default"');
    expect(res.text).not.toContain('data-source="organisation"');
    expect(await verdict(inA)).toContain('data-eligible="no"');
  });

  it('when a form has errors, then 422 with each message next to its field and the input kept; nothing recorded', async () => {
    const res = await postForm(admin, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '1.1',
      'share.70': '95',
      recency: '500',
      module: 'not-a-module',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="min-DL-error"');
    expect(res.text).toContain('Hours must be above 0 and at most 1000, in quarter hours');
    expect(res.text).toContain('id="overall-70-error"');
    expect(res.text).toContain('id="recency-error"');
    expect(res.text).toContain('No published module not-a-module');
    expect(res.text).toContain('value="1.1"');
    expect(await t.db.query('SELECT 1 FROM eligibility_rule_overrides')).toHaveLength(0);
  });

  it("when the administrator lowers the organisation's rule, then learners in every course are judged by it", async () => {
    const res = await postForm(admin, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '1',
    });
    expect(res.status).toBe(303);
    const list = await admin.agent.get(res.headers.location as string);
    expect(list.text).toContain('data-testid="rules-saved"');
    expect(list.text).toContain('data-source="organisation"');
    expect(list.text).toContain('Digital Literacy');
    expect(await verdict(inA)).toContain('data-eligible="yes"');
    expect(await verdict(inB)).toContain('data-eligible="yes"');
    // The approval itself judges the learner again: the first-eligible date is kept before anyone opens a page.
    const fresh = await learner('course-b', teacherB, '1.5');
    const firsts = await t.db.query<{ assessment_code: string }>(
      `SELECT f.assessment_code FROM eligibility_firsts f JOIN people p ON p.id = f.person_id
        WHERE p.platform_user_id = $1`,
      [fresh.user.sub],
    );
    expect(firsts).toContainEqual({ assessment_code: 'TPQI-DL' });
  });

  it('when an instructor narrows it for their course, then only that course is judged by it; loosening is refused', async () => {
    const looser = await postForm(teacherA, '/app/assessments/TPQI-DL/*', { 'skill.DL.min': '0.5' });
    expect(looser.status).toBe(422);
    expect(looser.text).toContain('รายวิชาผ่อนเกณฑ์ของหน่วยงานไม่ได้ (หน่วยงานกำหนด 1)');
    // An instructor who asks for the organisation's scope still edits only their course.
    const narrowed = await postForm(teacherA, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '2',
    });
    expect(narrowed.status).toBe(303);
    const rows = await t.db.query<{ context_id: number | null }>(
      'SELECT context_id FROM eligibility_rule_overrides ORDER BY id',
    );
    expect(rows.map((r) => r.context_id !== null)).toEqual([false, true]);
    const a = await verdict(inA);
    expect(a).toContain('data-eligible="no"');
    expect(a).toContain('0.5 more hours');
    expect(await verdict(inB)).toContain('data-eligible="yes"');
    expect((await get(teacherA, '/app/assessments')).text).toContain('data-source="course"');
    expect((await get(teacherB, '/app/assessments')).text).not.toContain('data-source="course"');
  });

  it('when the course and then the organisation reset, then the shipped default is in force again', async () => {
    expect((await postForm(teacherA, '/app/assessments/TPQI-DL/*', { action: 'reset' })).status).toBe(303);
    expect(await verdict(inA)).toContain('data-eligible="yes"');
    expect(
      (await postForm(admin, '/app/assessments/TPQI-DL/*', { scope: 'organisation', action: 'reset' }))
        .status,
    ).toBe(303);
    expect(await verdict(inA)).toContain('data-eligible="no"');
    expect((await get(admin, '/app/assessments')).text).not.toContain('data-source="organisation"');
    // The history is kept.
    expect(await t.db.query('SELECT 1 FROM eligibility_rule_overrides')).toHaveLength(4);
  });

  it('refuses learners (403), unknown assessments and groups (404), and no session (401)', async () => {
    for (const path of ['/app/assessments', '/app/assessments/TPQI-DL/*'])
      expect((await get(inA, path)).status).toBe(403);
    expect((await postForm(inA, '/app/assessments/TPQI-DL/*', { 'skill.DL.min': '1' })).status).toBe(403);
    expect((await get(admin, '/app/assessments/NOPE/*')).status).toBe(404);
    expect((await get(admin, '/app/assessments/TPQI-DL/NOGROUP')).status).toBe(404);
    for (const path of ['/app/assessments', '/app/assessments/TPQI-DL/*'])
      expect((await t.agent().get(path)).status).toBe(401);
    expect(await t.db.query('SELECT 1 FROM eligibility_rule_overrides')).toHaveLength(4);
  });
});
