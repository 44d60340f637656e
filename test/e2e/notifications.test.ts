import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import {
  openSession,
  passSampleModule,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

/**
 * Notifications (issue 19 item 7): each event writes exactly one notification to the people it needs, none to its
 * actor; the list reads and marks them; the navigation shows the unread count with an accessible label.
 */
let t: TestApp;
beforeAll(async () => {
  // The tests drain the grade outbox themselves.
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-notify';
const open = (u: LmsUser, course = COURSE): Promise<Session> => openSession(t, u, { course });
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
const today = () => bangkokToday();
const fy = fiscalYearOf(today());
const personId = async (sub: string) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]))[0]!.id;
const notes = async (kind: string) =>
  t.db.query<{ person_id: number; event_key: string }>(
    'SELECT person_id, event_key FROM notifications WHERE kind = $1 ORDER BY id',
    [kind],
  );

describe('notifications of the record and the plan', () => {
  let learner: Session;
  let teacher: Session;
  let coTeacher: Session;
  let outsider: Session;
  let entryId: number;
  beforeAll(async () => {
    learner = await open(user({ locale: 'th', name: 'สมหญิง ใจดี' }));
    teacher = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Teacher One' }));
    coTeacher = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Teacher Two' }));
    // An instructor of another course hears nothing of this one.
    outsider = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'another-course');
  });

  it('when a learner logs learning, then each instructor of the course gets one "entry to review", the learner none', async () => {
    const res = await postForm(learner, '/app/record', {
      activityType: 'mentoring',
      title: 'พี่เลี้ยงสอนสูตร',
      occurredOn: today(),
      hours: '2',
      category: '',
      'skill.DL': '2',
    });
    expect(res.status).toBe(303);
    entryId = (
      await t.db.query<{ id: number }>('SELECT id FROM learning_entries WHERE title = $1', ['พี่เลี้ยงสอนสูตร'])
    )[0]!.id;
    const rows = await notes('entry_to_review');
    expect(rows.map((r) => r.person_id).sort()).toEqual(
      [await personId(teacher.user.sub), await personId(coTeacher.user.sub)].sort(),
    );
    expect(rows.every((r) => r.event_key === `entry:${entryId}`)).toBe(true);
    const outsiderId = await personId(outsider.user.sub);
    expect(rows.find((r) => r.person_id === outsiderId)).toBeUndefined();
  });

  it('then the nav badge says how many are unread, and the list links to the approvals', async () => {
    const page = await get(teacher, '/app/notifications?lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="nav-unread">1</span>');
    expect(page.text).toContain('1 unread notifications');
    expect(page.text).toContain('สมหญิง ใจดี logged learning for you to review: พี่เลี้ยงสอนสูตร');
    expect(page.text).toContain(`href="/app/approvals?ltik`);
    const th = await get(teacher, '/app/notifications?lang=th');
    expect(th.text).toContain('การแจ้งเตือนที่ยังไม่อ่าน 1 รายการ');
    // Any session page carries the badge.
    const progress = await get(teacher, '/app/progress');
    expect(progress.text).toContain('data-testid="nav-unread">1</span>');
  });

  it('when the instructor approves, then the learner gets one "decision on your entry", the reviewer none', async () => {
    const res = await postForm(teacher, '/app/approvals', { entry: [String(entryId)], decision: 'approve' });
    expect(res.status).toBe(303);
    const rows = await notes('entry_decided');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.person_id).toBe(await personId(learner.user.sub));
    const page = await get(learner, '/app/notifications');
    expect(page.text).toContain('รายการของคุณได้รับอนุมัติ: พี่เลี้ยงสอนสูตร');
    // Deciding again (a double submit) writes nothing more.
    await postForm(teacher, '/app/approvals', { entry: [String(entryId)], decision: 'approve' });
    expect(await notes('entry_decided')).toHaveLength(1);
  });

  it('when another instructor reverses the entry, then the learner is told once', async () => {
    const id = await personId(learner.user.sub);
    const res = await postForm(coTeacher, `/app/learners/${id}/record/${entryId}`, {
      action: 'reverse',
      reason: 'ซ้ำ',
    });
    expect(res.status).toBe(303);
    const rows = await notes('entry_decided');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.person_id).toBe(id);
    expect(rows[1]!.event_key).toMatch(/^amend:/);
    expect((await get(learner, '/app/notifications')).text).toContain('ผู้สอนยกเลิกรายการของคุณ: พี่เลี้ยงสอนสูตร');
  });

  it('when the learner saves a plan, then the supervisors are told; when one agrees, the learner is told', async () => {
    const saved = await postForm(learner, '/app/plan', {
      fy: String(fy),
      basedOn: '0',
      'plan.DL.h70': '6',
      'plan.DL.a70': 'ทำรายงาน',
      'plan.DL.h20': '0',
      'plan.DL.a20': '',
      'plan.DL.h10': '0',
      'plan.DL.a10': '',
    });
    expect(saved.status).toBe(303);
    const toAgree = await notes('plan_to_agree');
    expect(toAgree.map((r) => r.event_key)).toEqual([`plan:${fy}:v1`, `plan:${fy}:v1`]);
    const id = await personId(learner.user.sub);
    expect(toAgree.map((r) => r.person_id)).not.toContain(id);
    const page = await get(teacher, '/app/notifications?lang=en');
    expect(page.text).toContain(`href="/app/learners/${id}/plan?ltik`);

    const agreed = await postForm(teacher, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'agreed',
      comment: '',
    });
    expect(agreed.status).toBe(303);
    const rows = await notes('plan_agreed');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.person_id).toBe(id);
  });

  it('when the learner marks one read and then all, then the count goes down and the badge goes away', async () => {
    const page = await get(learner, '/app/notifications');
    const unread = await t.db.query<{ id: number }>(
      'SELECT id FROM notifications WHERE person_id = $1 AND read_at IS NULL ORDER BY id',
      [await personId(learner.user.sub)],
    );
    expect(unread.length).toBe(3);
    expect(page.text).toContain('data-testid="nav-unread">3</span>');
    // Another person's notification id marks nothing of theirs.
    const theirs = (
      await t.db.query<{ id: number }>('SELECT id FROM notifications WHERE kind = $1', ['entry_to_review'])
    )[0]!.id;
    await postForm(learner, '/app/notifications/read', { id: String(theirs) });
    expect(
      (await t.db.query('SELECT 1 FROM notifications WHERE id = $1 AND read_at IS NULL', [theirs])).length,
    ).toBe(1);

    const one = await postForm(learner, '/app/notifications/read', { id: String(unread[0]!.id) });
    expect(one.status).toBe(303);
    const after = await learner.agent.get(one.headers.location as string);
    expect(after.text).toContain('data-testid="nav-unread">2</span>');
    const all = await postForm(learner, '/app/notifications/read', { id: 'all' });
    expect(all.status).toBe(303);
    const none = await learner.agent.get(all.headers.location as string);
    expect(none.text).not.toContain('data-testid="nav-unread"');
    expect(none.text).toContain('data-testid="nav-notifications"');
  });

  it('when the form is nonsense, then a 400 page in the user language and nothing is marked', async () => {
    const bad = await postForm(teacher, '/app/notifications/read?lang=en', { id: 'drop table' });
    expect(bad.status).toBe(400);
    expect(
      (
        await t.db.query('SELECT 1 FROM notifications WHERE read_at IS NOT NULL AND person_id = $1', [
          await personId(teacher.user.sub),
        ])
      ).length,
    ).toBe(0);
  });
});

describe('notifications of grades the LMS does not take', () => {
  const GRADE_COURSE = 'course-grade-notify';
  const SLUG = 'dg-digital-government-laws';
  const ags = (item: string) => ({
    'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
      scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      lineitems: `${t.lms.issuer}/mod/lti/services.php/2/lineitems?type_id=1`,
      lineitem: `${t.lms.issuer}${item}?type_id=1`,
    },
  });
  const dueNow = () => t.db.query(`UPDATE grade_outbox SET next_attempt_at = now() WHERE status = 'failing'`);
  let teacher: Session;
  beforeAll(async () => {
    teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), {
      course: GRADE_COURSE,
    });
  });

  it('when a grade fails a third time, then each instructor of its course is told once, the learner not', async () => {
    const item = '/mod/lti/services.php/2/lineitems/71/lineitem';
    const s = await openSession(t, user(), { course: GRADE_COURSE, module: SLUG, claims: ags(item) });
    t.lms.failServicesWith = 503;
    try {
      await passSampleModule(s, SLUG);
      await t.app.grades.drain();
      expect(await notes('grade_failing')).toHaveLength(0);
      for (let i = 0; i < 4; i += 1) {
        await dueNow();
        await t.app.grades.drain();
      }
    } finally {
      t.lms.failServicesWith = undefined;
    }
    const rows = await notes('grade_failing');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.person_id).toBe(await personId(teacher.user.sub));
    const page = await get(teacher, '/app/notifications?lang=en');
    expect(page.text).toMatch(/The LMS has not taken .* grade for .* after 3 attempts/);
    expect(page.text).toContain('href="/app/grades?ltik');
  });

  it('when a grade ends rejected, then the instructors are told', async () => {
    const item = '/mod/lti/services.php/2/lineitems/72/lineitem';
    t.lms.deletedLineItems.add(item);
    const s = await openSession(t, user(), { course: GRADE_COURSE, module: SLUG, claims: ags(item) });
    await passSampleModule(s, SLUG);
    await t.app.grades.drain();
    const rows = await notes('grade_rejected');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.person_id).toBe(await personId(teacher.user.sub));
  });
});
