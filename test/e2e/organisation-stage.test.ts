import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #18 items 3 and 7: administrators announce the organisation's stage per fiscal year and a target stage with a
// deadline (seed 004 §4.6.2, seed 002); a person's group is proposed by the learner and agreed by an instructor of
// their course, a second group approved by an administrator (§4.6.3). The clock is fixed: 6 December 2026 is in
// fiscal year 2570 (1 October 2026 – 30 September 2027).
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { now: () => new Date('2026-12-06T05:00:00Z') });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-stage';
const STAGE = '/app/organisation/stage';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: COURSE });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const personId = async (s: Session) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [s.user.sub]))[0]!
    .id;
const written = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*) FROM organisation_stages)::int AS stages,
              (SELECT count(*) FROM organisation_stage_targets)::int AS targets,
              (SELECT count(*) FROM second_target_groups)::int AS seconds,
              (SELECT count(*) FROM audit_log)::int AS audit`,
    )
  )[0];
/** The visible text of a page, tags stripped, whitespace folded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

let adminTh: Session;
let adminEn: Session;
let instructor: Session;
let learnerTh: Session;
let learnerEn: Session;
beforeAll(async () => {
  adminTh = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th', name: 'ผู้ดูแล ระบบ' }));
  adminEn = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en', name: 'Ada Admin' }));
  instructor = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Ian Instructor' }));
  learnerTh = await open(user({ roles: [ROLE.learner], locale: 'th', name: 'สมหญิง รักเรียน' }));
  learnerEn = await open(user({ roles: [ROLE.learner], locale: 'en', name: 'Lee Learner' }));
});

describe('the stage page is for administrators only', () => {
  it.each([
    ['a learner', () => learnerTh, 'บทบาทของคุณในรายวิชานี้ไม่สามารถเข้าถึงหน้านี้ได้'],
    ['an instructor', () => instructor, 'Your role in this course does not allow this page.'],
  ])(
    'when %s opens it or posts to it, then 403 in their language and nothing is written',
    async (_, s, sentence) => {
      const before = await written();
      const page = await get(s(), STAGE);
      expect(page.status).toBe(403);
      expect(page.text).toContain(sentence);
      for (const [path, form] of [
        [`${STAGE}/announce`, { fiscalYear: '2570', stage: 'DEVELOPING' }],
        [`${STAGE}/target`, { targetStage: 'MATURE', byFiscalYear: '2572' }],
        [`${STAGE}/second-group`, { person: '1', group: 'TECH', decision: 'approve', reason: '' }],
      ] as const)
        expect((await postForm(s(), path, form)).status).toBe(403);
      expect(await written()).toEqual(before);
    },
  );
});

describe('announcing the stage and setting the target', () => {
  it('when nothing is announced, then the page and the learner say so, and learners still choose a stage', async () => {
    const page = await get(adminEn, STAGE);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain(
      'Your organisation has not announced its stage for fiscal year 2570 (B.E.).',
    );
    expect(page.text).toContain('data-testid="stage-history-none"');
    // The form offers this fiscal year and the next only.
    expect(
      [...page.text.matchAll(/<option value="(\d{4})"[^>]*>Fiscal year/g)].slice(0, 2).map((m) => m[1]),
    ).toEqual(['2570', '2571']);
    const progress = await get(learnerEn, '/app/progress');
    expect(text(progress.text)).toContain('has not announced its stage');
    expect(progress.text).toContain('id="stage"');
  });

  it.each([
    ['th', () => adminTh, { fiscalYear: '2569', stage: 'DEVELOPING' }, 'เลือกปีงบประมาณจากรายการ'],
    [
      'en',
      () => adminEn,
      { fiscalYear: '2572', stage: 'DEVELOPING' },
      'Choose one of the fiscal years offered.',
    ],
    ['en', () => adminEn, { fiscalYear: '2570', stage: 'NEARLY' }, 'Choose one of the stages.'],
    ['th', () => adminTh, { fiscalYear: 'x', stage: '' }, 'เลือกระยะจากรายการ'],
  ])(
    'when an announcement is refused (%s), then 422 with the problem in that language and nothing is written',
    async (_, s, form, sentence) => {
      const before = await written();
      const res = await postForm(s(), `${STAGE}/announce`, form);
      expect(res.status).toBe(422);
      expect(res.text).toContain('data-testid="error-summary"');
      expect(res.text).toContain(sentence);
      expect(await written()).toEqual(before);
    },
  );

  it('when an administrator announces Developing for 2570 and Mature for 2571, then the history, the audit log and the learners say so', async () => {
    expect(
      (await postForm(adminTh, `${STAGE}/announce`, { fiscalYear: '2570', stage: 'EARLY' })).status,
    ).toBe(303);
    // Announcing again for the same year replaces it.
    expect(
      (await postForm(adminTh, `${STAGE}/announce`, { fiscalYear: '2570', stage: 'DEVELOPING' })).status,
    ).toBe(303);
    expect(
      (await postForm(adminEn, `${STAGE}/announce`, { fiscalYear: '2571', stage: 'MATURE' })).status,
    ).toBe(303);
    const th = text((await get(adminTh, `${STAGE}?done=announced`)).text);
    expect(th).toContain('ประกาศระยะแล้ว');
    expect(th).toContain('ระยะของหน่วยงานในปีงบประมาณ พ.ศ. 2570: ระยะกำลังพัฒนา (ปีที่ 3-5)');
    expect(th).toMatch(
      /ปีงบประมาณ พ.ศ. 2571 ระยะพัฒนาแล้ว \(ปีที่ 6-10\) .*ผู้ดูแล ระบบ|ปีงบประมาณ พ.ศ. 2571 ระยะพัฒนาแล้ว/,
    );
    expect(th).toContain('มีผลอยู่');
    const rows = await t.db.query<{ subject: string; details: { before: string | null; after: string } }>(
      "SELECT subject, details FROM audit_log WHERE action = 'stage.announced' ORDER BY id",
    );
    expect(rows.map((r) => [r.subject, r.details.before, r.details.after])).toEqual([
      ['2570 EARLY', null, 'EARLY'],
      ['2570 DEVELOPING', 'EARLY', 'DEVELOPING'],
      ['2571 MATURE', null, 'MATURE'],
    ]);
    // Progress and the self-assessment say it in one line; the learner picks no stage of their own any more.
    const progress = await get(learnerTh, '/app/progress');
    expect(text(progress.text)).toContain('ระยะของหน่วยงานในปีงบประมาณ พ.ศ. 2570: ระยะกำลังพัฒนา (ปีที่ 3-5)');
    expect(progress.text).not.toContain('id="stage"');
    const sa = await get(learnerEn, '/app/self-assessment');
    expect(sa.text).not.toContain('id="stage"');
    expect(text(sa.text)).toContain(
      "Your organisation's stage in fiscal year 2570 (B.E.): Developing Stage (years 3-5)",
    );
  });

  it.each([
    ['th', () => adminTh, { targetStage: 'EARLY', byFiscalYear: '2572' }, 'เป้าหมายต้องไม่ต่ำกว่าระยะที่มีผลอยู่'],
    ['en', () => adminEn, { targetStage: 'MATURE', byFiscalYear: '2569' }, 'That fiscal year is over'],
    [
      'en',
      () => adminEn,
      { targetStage: 'MATURE', byFiscalYear: '2585' },
      'Choose one of the fiscal years offered.',
    ],
    ['th', () => adminTh, { targetStage: '', byFiscalYear: '2572' }, 'เลือกระยะจากรายการ'],
  ])(
    'when a target is refused (%s), then 422 with the problem in that language and nothing is written',
    async (_, s, form, sentence) => {
      const before = await written();
      const res = await postForm(s(), `${STAGE}/target`, form);
      expect(res.status).toBe(422);
      expect(res.text).toContain(sentence);
      expect(await written()).toEqual(before);
    },
  );

  it('when the target is Mature by the end of 2572, then the page, progress and the audit log show it', async () => {
    const res = await postForm(adminEn, `${STAGE}/target`, { targetStage: 'MATURE', byFiscalYear: '2572' });
    expect(res.status).toBe(303);
    const page = text((await get(adminEn, STAGE)).text);
    expect(page).toContain(
      "Your organisation's stage in fiscal year 2570 (B.E.): Developing Stage (years 3-5) · target: Mature Stage (years 6-10) by the end of fiscal year 2572 (B.E.)",
    );
    expect(page).toContain('1 stage(s) to go, 3 fiscal year(s) left, this one included.');
    expect(text((await get(learnerTh, '/app/progress')).text)).toContain(
      'เป้าหมาย: ระยะพัฒนาแล้ว (ปีที่ 6-10) ภายในสิ้นปีงบประมาณ พ.ศ. 2572',
    );
    const [row] = await t.db.query<{ subject: string; actor_person_id: number }>(
      "SELECT subject, actor_person_id FROM audit_log WHERE action = 'stage.target_set'",
    );
    expect(row).toEqual({ subject: 'MATURE 2572', actor_person_id: await personId(adminEn) });
  });
});

describe("a learner's group: proposed, then agreed by an instructor of their course", () => {
  it('when the learner proposes a group, then it counts at the stage in force and waits for agreement; an instructor agrees it', async () => {
    // The organisation announced Developing: the learner chooses the group only.
    expect((await postForm(learnerEn, '/app/progress/target', { group: 'SERV' })).status).toBe(303);
    let progress = await get(learnerEn, '/app/progress');
    expect(progress.text).toContain('data-testid="target-state">proposed<');
    // Targets are read at Developing, the stage in force: Service has 18 h of Digital Literacy there.
    expect(text(progress.text)).toMatch(/0 of 18 h/);
    const learnerId = await personId(learnerEn);
    // The instructor hears of the proposal once; proposing the same group again tells nobody more.
    expect((await postForm(learnerEn, '/app/progress/target', { group: 'SERV' })).status).toBe(303);
    const told = await t.db.query<{ person_id: number; subject_person_id: number }>(
      "SELECT person_id, subject_person_id FROM notifications WHERE kind = 'target_to_agree'",
    );
    // The course's staff (instructor and administrators), each once, all about this learner.
    expect(told.map((n) => n.person_id)).toContain(await personId(instructor));
    expect(new Set(told.map((n) => n.person_id)).size).toBe(told.length);
    expect(told.every((n) => n.subject_person_id === learnerId)).toBe(true);
    const bell = await get(instructor, '/app/notifications');
    expect(text(bell.text)).toContain('proposed a new target group for you to agree');
    expect(bell.text).toContain('/app/learners');
    const list = await get(instructor, '/app/learners');
    expect(list.text).toContain(`data-testid="agree-${learnerId}"`);
    expect(list.text).not.toMatch(/\sid="stage-\d/); // no stage of their own to set either
    expect(
      (await postForm(instructor, '/app/learners/agree', { person: String(learnerId), group: 'SERV' }))
        .status,
    ).toBe(303);
    progress = await get(learnerEn, '/app/progress');
    expect(progress.text).toContain('data-testid="target-state">agreed<');
    const [row] = await t.db.query<{ target_state: string; target_agreed_by: number }>(
      'SELECT target_state, target_agreed_by FROM people WHERE id = $1',
      [learnerId],
    );
    expect(row).toEqual({ target_state: 'agreed', target_agreed_by: await personId(instructor) });
    const [audit] = await t.db.query<{ subject_person_id: number }>(
      "SELECT subject_person_id FROM audit_log WHERE action = 'target.agreed'",
    );
    expect(audit).toEqual({ subject_person_id: learnerId });
  });

  it('when the learner changed the proposal after the instructor read it, then agreeing the old one is refused (409), nothing written', async () => {
    const learnerId = await personId(learnerTh);
    expect((await postForm(learnerTh, '/app/progress/target', { group: 'ACAD' })).status).toBe(303);
    expect((await postForm(learnerTh, '/app/progress/target', { group: 'TECH' })).status).toBe(303);
    const res = await postForm(instructor, '/app/learners/agree', {
      person: String(learnerId),
      group: 'ACAD',
    });
    expect(res.status).toBe(409);
    expect(text(res.text)).toContain("The learner's proposal changed since you opened the page.");
    const [row] = await t.db.query<{ target_state: string }>(
      'SELECT target_state FROM people WHERE id = $1',
      [learnerId],
    );
    expect(row!.target_state).toBe('proposed');
  });

  it('when someone who is learner and instructor of the course agrees their own group, then 403 in their language', async () => {
    const both = await open(user({ roles: [ROLE.learner, ROLE.instructor], locale: 'th' }));
    expect((await postForm(both, '/app/progress/target', { group: 'OTHER' })).status).toBe(303);
    const res = await postForm(both, '/app/learners/agree', {
      person: String(await personId(both)),
      group: 'OTHER',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('คุณเห็นชอบกลุ่มเป้าหมายของตนเองไม่ได้');
    const [row] = await t.db.query<{ target_state: string }>(
      'SELECT target_state FROM people WHERE id = $1',
      [await personId(both)],
    );
    expect(row!.target_state).toBe('proposed');
  });
});

describe('a second group, approved or refused by an administrator', () => {
  it('when a learner asks for a second group, then it waits in the queue; a refusal needs a reason (Thai and English), which the learner sees', async () => {
    const learnerId = await personId(learnerEn);
    const asked = await postForm(learnerEn, '/app/progress/second-group', { secondGroup: 'TECH' });
    expect(asked.status).toBe(303);
    expect(text((await get(learnerEn, '/app/progress')).text)).toContain(
      'Second target group: Technology Specialist waiting for approval',
    );
    const queue = await get(adminTh, STAGE);
    expect(queue.text).toContain(`data-testid="refuse-${learnerId}"`);
    for (const [s, sentence] of [
      [adminTh, 'ระบุเหตุผลที่ไม่อนุมัติ'],
      [adminEn, 'Give the reason for refusing'],
    ] as const) {
      const before = await written();
      const res = await postForm(s, `${STAGE}/second-group`, {
        person: String(learnerId),
        group: 'TECH',
        decision: 'refuse',
        reason: ' ',
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain(sentence);
      expect(await written()).toEqual(before);
    }
    const refused = await postForm(adminTh, `${STAGE}/second-group`, {
      person: String(learnerId),
      group: 'TECH',
      decision: 'refuse',
      reason: 'งานไม่ตรงกับกลุ่มนี้',
    });
    expect(refused.status).toBe(303);
    const progress = text((await get(learnerEn, '/app/progress')).text);
    expect(progress).toContain('refused');
    expect(progress).toContain('งานไม่ตรงกับกลุ่มนี้');
  });

  it('when the learner asks again and an administrator approves, then the second group counts in the targets', async () => {
    const learnerId = await personId(learnerEn);
    expect((await postForm(learnerEn, '/app/progress/second-group', { secondGroup: 'TECH' })).status).toBe(
      303,
    );
    const approved = await postForm(adminEn, `${STAGE}/second-group`, {
      person: String(learnerId),
      group: 'TECH',
      decision: 'approve',
      reason: '',
    });
    expect(approved.status).toBe(303);
    const progress = await get(learnerEn, '/app/progress');
    // Technology Specialist adds Project and Strategic Management (12 h at Developing), which Service has not.
    expect(progress.text).toMatch(/data-skill-set="PSM"[\s\S]*?0 of 12 h/);
    // A decided request is decided once: approving it again is refused.
    const again = await postForm(adminEn, `${STAGE}/second-group`, {
      person: String(learnerId),
      group: 'TECH',
      decision: 'approve',
      reason: '',
    });
    expect(again.status).toBe(409);
    const actions = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'second_group.%' ORDER BY id",
    );
    expect(actions.map((a) => a.action)).toEqual([
      'second_group.requested',
      'second_group.refused',
      'second_group.requested',
      'second_group.approved',
    ]);
  });

  it('when an administrator decides their own request, then 403 and nothing is written', async () => {
    expect((await postForm(adminEn, '/app/progress/target', { group: 'MGMT' })).status).toBe(303);
    expect((await postForm(adminEn, '/app/progress/second-group', { secondGroup: 'EXEC' })).status).toBe(303);
    const before = await written();
    const res = await postForm(adminEn, `${STAGE}/second-group`, {
      person: String(await personId(adminEn)),
      group: 'EXEC',
      decision: 'approve',
      reason: '',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('You cannot decide on your own target group.');
    expect(await written()).toEqual(before);
  });
});
