import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

/**
 * Separation of duties (issue 13 item 3): whatever roles the LMS sends, nobody decides about their own learning
 * record or development plan. Each refusal is a 403 page in the user's language, with nothing written.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const TA = 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant';
/** One user holding both roles in one launch, as Moodle sends for a teacher also enrolled as a student. */
const both = (o: Partial<LmsUser> = {}) => user({ roles: [ROLE.learner, ROLE.instructor], ...o });

const open = (u: LmsUser, course: string): Promise<Session> => openSession(t, u, { course });
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
const post = postForm;
const today = () => bangkokToday();
const fy = fiscalYearOf(today());

const personId = async (sub: string) => {
  const rows = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]);
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
};
const activity = (title: string) => ({
  activityType: 'mentoring',
  title,
  occurredOn: today(),
  hours: '2',
  category: '',
  'skill.DL': '2',
});
/** Logs an activity and returns its entry id. */
async function logged(s: Session, title: string): Promise<number> {
  const res = await post(s, '/app/record', activity(title));
  expect(res.status).toBe(303);
  const [row] = await t.db.query<{ id: number }>('SELECT id FROM learning_entries WHERE title = $1', [title]);
  return row!.id;
}

/** Every row a review decision could write, counted: a refusal must leave all of them as they were. */
async function written() {
  const [row] = await t.db.query<Record<string, number | string>>(
    `SELECT (SELECT count(*) FROM entry_reviews) AS reviews,
            (SELECT count(*) FROM learning_entries) AS entries,
            (SELECT count(*) FROM plan_reviews) AS plan_reviews,
            (SELECT count(*) FROM development_plans) AS plans,
            (SELECT string_agg(concat(id, ':', target_group, ':', target_stage, ':', target_set_by), ',' ORDER BY id)
               FROM people) AS targets`,
  );
  return row;
}

/** Posts in Thai and in English; both are refused with the sentence in that language and nothing written. */
async function refusedInBothLanguages(
  s: Session,
  path: string,
  form: Record<string, string | string[]>,
  sentence: { th: string; en: string },
) {
  const before = await written();
  const th = await post(s, `${path}?lang=th`, form);
  expect(th.status).toBe(403);
  expect(th.text).toContain('ต้องให้ผู้อื่นเป็นผู้พิจารณา');
  expect(th.text).toContain(sentence.th);
  const en = await post(s, `${path}?lang=en`, form);
  expect(en.status).toBe(403);
  expect(en.text).toContain('Someone else must decide this');
  expect(en.text).toContain(sentence.en);
  expect(await written()).toEqual(before);
}

const SENTENCE = {
  approve: {
    th: 'คุณอนุมัติการเรียนรู้ที่ตนเองบันทึกไม่ได้',
    en: 'You cannot approve learning you logged yourself.',
  },
  reject: {
    th: 'คุณพิจารณาไม่อนุมัติการเรียนรู้ที่ตนเองบันทึกไม่ได้',
    en: 'You cannot reject learning you logged yourself.',
  },
  correct: {
    th: 'คุณแก้ไขรายการในบันทึกการเรียนรู้ของตนเองไม่ได้',
    en: 'You cannot correct entries of your own learning record.',
  },
  reverse: {
    th: 'คุณยกเลิกรายการในบันทึกการเรียนรู้ของตนเองไม่ได้',
    en: 'You cannot reverse entries of your own learning record.',
  },
  agreePlan: {
    th: 'คุณเห็นชอบแผนพัฒนารายบุคคลของตนเองไม่ได้',
    en: 'You cannot agree to your own development plan.',
  },
  sendBackPlan: {
    th: 'คุณให้ความเห็นเพื่อปรับแผนพัฒนารายบุคคลของตนเองไม่ได้',
    en: 'You cannot send back your own development plan.',
  },
  overrideTarget: {
    th: 'คุณกำหนดกลุ่มเป้าหมายของตนเองในฐานะผู้สอนไม่ได้',
    en: 'You cannot set your own target group as an instructor.',
  },
};

describe('approving and rejecting one’s own logged learning', () => {
  it.each([
    ['Learner and Instructor in one launch', [ROLE.learner, ROLE.instructor]],
    ['a teaching assistant enrolled as a student', [ROLE.learner, TA]],
    ['an administrator enrolled as a student', [ROLE.learner, ROLE.sysAdmin]],
  ])(
    'when %s approves or rejects their own entry, then 403 in Thai and English and nothing is decided',
    async (_, roles) => {
      const course = `course-approve-${roles[1]!.slice(-5)}`;
      const sub = `dual-${roles[1]!.slice(-5)}`;
      // Logged in the course (as its learner), then launched there with both roles.
      const mine = await logged(await open(user({ sub }), course), `mine ${course}`);
      const me = await open(user({ sub, roles }), course);
      const learner = await open(user(), course);
      const theirs = await logged(learner, `theirs ${course}`);

      // The queue shows one's own entry without a checkbox, and another's with one.
      const queue = await get(me, '/app/approvals');
      expect(queue.status).toBe(200);
      expect(queue.text).toMatch(new RegExp(`data-entry="${mine}" data-own="true"`));
      expect(queue.text).not.toContain(`value="${mine}"`);
      expect(queue.text).toContain(`name="entry" value="${theirs}"`);
      expect(queue.text).toContain('data-testid="own-entry"');

      await refusedInBothLanguages(
        me,
        '/app/approvals',
        { entry: [String(mine)], decision: 'approve' },
        SENTENCE.approve,
      );
      // A batch holding one's own entry among others' is refused as a whole.
      await refusedInBothLanguages(
        me,
        '/app/approvals',
        { entry: [String(theirs), String(mine)], decision: 'approve' },
        SENTENCE.approve,
      );
      await refusedInBothLanguages(
        me,
        '/app/approvals',
        { entry: [String(mine)], decision: 'reject', comment: 'ไม่ผ่าน' },
        SENTENCE.reject,
      );

      // They still review others; another instructor reviews theirs.
      const theirsDone = await post(me, '/app/approvals', { entry: [String(theirs)], decision: 'approve' });
      expect(theirsDone.headers.location).toContain('done=1');
      const other = await open(user({ roles: [ROLE.instructor] }), course);
      expect((await get(other, '/app/approvals')).text).toContain(`name="entry" value="${mine}"`);
      const res = await post(other, '/app/approvals', { entry: [String(mine)], decision: 'approve' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toContain('done=1');
      const [review] = await t.db.query<{ reviewer_id: number }>(
        'SELECT reviewer_id FROM entry_reviews WHERE entry_id = $1',
        [mine],
      );
      expect(review!.reviewer_id).toBe(await personId(other.user.sub));
    },
  );

  it('when a teacher who logged learning as a student switches role back to teacher, then their entry is still their own', async () => {
    // Moodle's "switch role": the same LMS user launches with other roles; the tool keeps one person row.
    const sub = 'switch-role-teacher';
    const asStudent = await open(user({ sub, roles: [ROLE.learner] }), 'course-switch');
    const mine = await logged(asStudent, 'logged while switched to student');
    const asTeacher = await open(user({ sub, roles: [ROLE.instructor] }), 'course-switch');
    await personId(sub);
    const queue = await get(asTeacher, '/app/approvals');
    expect(queue.text).toMatch(new RegExp(`data-entry="${mine}" data-own="true"`));
    // Nothing here is theirs to decide: no decision buttons at all.
    expect(queue.text).not.toContain('data-testid="approve"');
    await refusedInBothLanguages(
      asTeacher,
      '/app/approvals',
      { entry: [String(mine)], decision: 'approve' },
      SENTENCE.approve,
    );
  });
});

describe('correcting and reversing one’s own record', () => {
  it('when one user with Learner and Instructor corrects or reverses their own entry, then 403 and nothing is written; another instructor can', async () => {
    const course = 'course-own-correct';
    const sub = 'dual-correct';
    const mine = await logged(await open(user({ sub }), course), 'own entry to correct');
    const me = await open(both({ sub, locale: 'en', name: 'Dual Role' }), course);
    const other = await open(user({ roles: [ROLE.instructor], locale: 'en' }), course);
    expect((await post(other, '/app/approvals', { entry: [String(mine)], decision: 'approve' })).status).toBe(
      303,
    );
    const id = await personId(me.user.sub);

    // The learner detail page shows one's own record without the correction forms.
    const page = await get(me, `/app/learners/${id}/record`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('own entry to correct');
    expect(page.text).toContain('data-testid="own-record"');
    expect(page.text).not.toContain('name="action"');

    await refusedInBothLanguages(
      me,
      `/app/learners/${id}/record/${mine}`,
      { action: 'correct', hours: '1', category: '20', reason: 'ปรับให้ถูก' },
      SENTENCE.correct,
    );
    await refusedInBothLanguages(
      me,
      `/app/learners/${id}/record/${mine}`,
      { action: 'reverse', hours: '', category: '', reason: 'ซ้ำ' },
      SENTENCE.reverse,
    );

    // Another instructor sees the forms and corrects it.
    expect((await get(other, `/app/learners/${id}/record`)).text).toContain('name="action" value="correct"');
    const fixed = await post(other, `/app/learners/${id}/record/${mine}`, {
      action: 'correct',
      hours: '1',
      category: '20',
      reason: 'only 1 h',
    });
    expect(fixed.status).toBe(303);
    const rows = await t.db.query<{ kind: string; recorded_by: number }>(
      'SELECT kind, recorded_by FROM learning_entries WHERE person_id = $1 ORDER BY id',
      [id],
    );
    expect(rows.map((r) => r.kind)).toEqual(['entry', 'correction']);
    expect(rows[1]!.recorded_by).toBe(await personId(other.user.sub));
  });
});

describe('one’s own target group', () => {
  it('when one user with Learner and Instructor overrides their own target group, then 403 and nothing is written; another instructor can', async () => {
    const course = 'course-own-target';
    const me = await open(both(), course);
    const id = await personId(me.user.sub);
    const list = await get(me, '/app/learners');
    expect(list.text).toMatch(new RegExp(`data-person="${id}" data-own="true"`));
    expect(list.text).not.toContain(`name="person" value="${id}"`);
    expect(list.text).toContain('data-testid="own-target"');

    await refusedInBothLanguages(
      me,
      '/app/learners/target',
      { person: String(id), group: 'SERV', stage: 'EARLY' },
      SENTENCE.overrideTarget,
    );
    // Choosing one's own group as oneself stays open to them, and is not marked as set by an instructor.
    expect((await post(me, '/app/progress/target', { group: 'OTHER', stage: 'DEVELOPING' })).status).toBe(
      303,
    );

    const other = await open(user({ roles: [ROLE.instructor] }), course);
    expect((await get(other, '/app/learners')).text).toContain(`name="person" value="${id}"`);
    const res = await post(other, '/app/learners/target', {
      person: String(id),
      group: 'SERV',
      stage: 'EARLY',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.query<{ target_group: string; target_set_by: number }>(
      'SELECT target_group, target_set_by FROM people WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ target_group: 'SERV', target_set_by: await personId(other.user.sub) });
  });
});

describe('one’s own development plan', () => {
  it('when a person who wrote a plan as a learner in one course agrees or sends it back with both roles in another, then 403 and nothing is written; another supervisor can', async () => {
    const sub = 'plan-dual-role';
    // As a learner in one course they write their plan ...
    const asLearner = await open(user({ sub, roles: [ROLE.learner] }), 'course-plan-a');
    const saved = await post(asLearner, '/app/plan', {
      fy: String(fy),
      basedOn: '0',
      'plan.DL.h70': '6',
      'plan.DL.a70': 'ทำรายงานด้วย Google Sheets',
    });
    expect(saved.status).toBe(303);
    // ... and launch in another course with Learner and Instructor: still the same person.
    const me = await open(user({ sub, roles: [ROLE.learner, ROLE.instructor] }), 'course-plan-b');
    const id = await personId(sub);

    const page = await get(me, `/app/learners/${id}/plan?fy=${fy}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="own-plan"');
    expect(page.text).not.toContain('name="decision"');

    await refusedInBothLanguages(
      me,
      `/app/learners/${id}/plan`,
      { fy: String(fy), version: '1', decision: 'agreed' },
      SENTENCE.agreePlan,
    );
    await refusedInBothLanguages(
      me,
      `/app/learners/${id}/plan`,
      { fy: String(fy), version: '1', decision: 'commented', comment: 'เพิ่มชั่วโมง 20' },
      SENTENCE.sendBackPlan,
    );

    const other = await open(user({ roles: [ROLE.instructor] }), 'course-plan-b');
    expect((await get(other, `/app/learners/${id}/plan?fy=${fy}`)).text).toContain('name="decision"');
    const sentBack = await post(other, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'commented',
      comment: 'เพิ่มชั่วโมง 20',
    });
    expect(sentBack.status).toBe(303);
    const agreed = await post(other, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'agreed',
    });
    expect(agreed.status).toBe(303);
    const reviews = await t.db.query<{ decision: string; reviewer_id: number }>(
      `SELECT r.decision, r.reviewer_id FROM plan_reviews r JOIN development_plans p ON p.id = r.plan_id
        WHERE p.person_id = $1 ORDER BY r.id`,
      [id],
    );
    const otherId = await personId(other.user.sub);
    expect(reviews).toEqual([
      { decision: 'commented', reviewer_id: otherId },
      { decision: 'agreed', reviewer_id: otherId },
    ]);
  });
});

describe('logging one’s own learning', () => {
  it.each([
    ['an instructor', [ROLE.instructor]],
    ['an administrator', [ROLE.sysAdmin, ROLE.instAdmin]],
  ])(
    'when %s logs learning from their progress page, then it is saved pending and another instructor reviews it',
    async (_, roles) => {
      const course = `course-staff-log-${roles.length}`;
      const me = await open(user({ roles, locale: 'en' }), course);
      const progress = await get(me, '/app/progress');
      expect(progress.text).toContain('data-testid="log-link"');
      expect((await get(me, '/app/record/new')).status).toBe(200);
      const mine = await logged(me, `staff learning ${course}`);
      expect((await get(me, '/app/progress/history')).text).toContain('Pending approval');
      // Their own queue shows it as theirs; another instructor decides it.
      expect((await get(me, '/app/approvals')).text).toMatch(
        new RegExp(`data-entry="${mine}" data-own="true"`),
      );
      const other = await open(user({ roles: [ROLE.instructor] }), course);
      const res = await post(other, '/app/approvals', { entry: [String(mine)], decision: 'approve' });
      expect(res.headers.location).toContain('done=1');
      expect((await get(me, '/app/progress')).text).toContain('2 hours in total');
    },
  );
});
