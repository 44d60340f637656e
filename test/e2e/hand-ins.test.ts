import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #19 item 6 (seed 002): HR records, per person and fiscal year, that the signed self-assessment was handed in,
// and lists who has not by the deadline. The clock is pinned and moved by the tests: 6 December 2026 is in fiscal
// year 2570 (1 October 2026 – 30 September 2027).
let now = new Date('2026-12-06T05:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { now: () => now });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-hand-in';
const PAGE = '/app/organisation/hand-ins';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: COURSE });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const personId = async (s: Session) =>
  String(
    (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [s.user.sub]))[0]!
      .id,
  );
const written = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*) FROM hand_in_deadlines)::int AS deadlines,
              (SELECT count(*) FROM self_assessment_hand_ins)::int AS hand_ins,
              (SELECT count(*) FROM self_assessment_hand_ins WHERE withdrawn_at IS NOT NULL)::int AS withdrawn,
              (SELECT count(*) FROM audit_log)::int AS audit,
              (SELECT count(*) FROM notifications WHERE kind = 'hand_in_overdue')::int AS notified`,
    )
  )[0];
/** The visible text of a page, tags stripped, whitespace folded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
const count = (html: string, s: string) =>
  Number(new RegExp(`data-testid="count-${s}"><strong>(\\d+)</strong>`).exec(html)?.[1]);
const back = { fiscalYear: '2570', status: 'all', group: '', q: '', page: '1' };

let adminTh: Session;
let adminEn: Session;
let instructor: Session;
let somying: Session;
let lee: Session;
let anan: Session;
beforeAll(async () => {
  adminTh = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th', name: 'ผู้ดูแล ระบบ' }));
  adminEn = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en', name: 'Ada Admin' }));
  instructor = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Ian Instructor' }));
  somying = await open(user({ roles: [ROLE.learner], locale: 'th', name: 'สมหญิง รักเรียน' }));
  lee = await open(user({ roles: [ROLE.learner], locale: 'en', name: 'Lee Learner' }));
  anan = await open(user({ roles: [ROLE.learner], locale: 'th', name: 'อนันต์ ขยันดี' }));
});

describe('the page is for administrators only', () => {
  it.each([
    ['a learner', () => somying, 'บทบาทของคุณในรายวิชานี้ไม่สามารถเข้าถึงหน้านี้ได้'],
    ['an instructor', () => instructor, 'Your role in this course does not allow this page.'],
  ])(
    'when %s opens it, its CSV or posts to it, then 403 in their language and nothing is written',
    async (_, s, sentence) => {
      const before = await written();
      const page = await get(s(), PAGE);
      expect(page.status).toBe(403);
      expect(page.text).toContain(sentence);
      expect((await get(s(), `${PAGE}/missing.csv`)).status).toBe(403);
      const me = await personId(s());
      const forms: Array<[string, Record<string, string | string[]>]> = [
        [`${PAGE}/deadline`, { ...back, deadline: '30/12/2569' }],
        [`${PAGE}/record`, { ...back, receivedOn: '1/12/2569', note: '', person: [me] }],
        [`${PAGE}/withdraw`, { ...back, person: me, reason: 'x' }],
      ];
      for (const [path, form] of forms) expect((await postForm(s(), path, form)).status).toBe(403);
      expect(await written()).toEqual(before);
    },
  );
});

describe('the deadline', () => {
  it('when none is set, then the page says so and nobody is overdue; the learner gets no reminder', async () => {
    const th = await get(adminTh, PAGE);
    expect(th.status).toBe(200);
    expect(text(th.text)).toContain('การส่งผลการประเมินตนเองที่ลงนามแล้ว ปีงบประมาณ พ.ศ. 2570');
    expect(text(th.text)).toContain('ยังไม่ได้กำหนดวันส่งของปีงบประมาณ พ.ศ. 2570');
    const en = await get(adminEn, PAGE);
    expect(text(en.text)).toContain('No deadline is set for fiscal year 2570 B.E.: nobody is overdue');
    // The three learners are expected; the administrators and the instructor are not.
    expect(count(en.text, 'notYet')).toBe(3);
    expect(count(en.text, 'handedIn')).toBe(0);
    expect(count(en.text, 'overdue')).toBe(0);
    expect(en.text).not.toContain('Ian Instructor');
    const learner = await get(somying, '/app/self-assessment');
    expect(text(learner.text)).toContain(
      'ฝ่ายบริหารทรัพยากรบุคคลยังไม่ได้รับผลการประเมินตนเองที่คุณลงนามของปีงบประมาณ พ.ศ. 2570',
    );
    expect(learner.text).not.toContain('data-testid="hand-in-reminder"');
  });

  it.each([
    ['th', '1/1/2571', () => adminTh, 'วันกำหนดส่งต้องอยู่ในปีงบประมาณ พ.ศ. 2570'],
    ['th', '20/12/2026', () => adminTh, 'ปีที่พิมพ์ดูเหมือนเป็นปี ค.ศ.'],
    ['en', '31/2/2027', () => adminEn, 'There is no such day in the calendar.'],
    ['en', 'soon', () => adminEn, 'Type the date as day/month/year'],
  ])(
    'when the deadline typed is refused (%s, %s), then 422 with the problem and nothing is written',
    async (_, deadline, s, sentence) => {
      const before = await written();
      const res = await postForm(s(), `${PAGE}/deadline`, { ...back, deadline });
      expect(res.status).toBe(422);
      expect(res.text).toContain('data-testid="error-summary"');
      expect(text(res.text)).toContain(sentence);
      expect(await written()).toEqual(before);
    },
  );

  it('when an administrator sets it in the Buddhist era, then it is audited and the learner is reminded of the day', async () => {
    const res = await postForm(adminTh, `${PAGE}/deadline`, { ...back, deadline: '20/12/2569' });
    expect(res.status).toBe(303);
    // Setting the same day again changes nothing.
    await postForm(adminTh, `${PAGE}/deadline`, { ...back, deadline: '20/12/2569' });
    const audit = await t.db.query<{ subject: string; details: Record<string, unknown> }>(
      "SELECT subject, details FROM audit_log WHERE action = 'hand_in.deadline_set'",
    );
    expect(audit).toEqual([
      { subject: '2570', details: { fiscalYear: 2570, before: null, after: '2026-12-20' } },
    ]);
    const page = text((await get(adminEn, `${PAGE}?done=deadline`)).text);
    expect(page).toContain('Deadline saved.');
    expect(page).toContain('Deadline for fiscal year 2570 B.E.: 20 December 2026.');
    const th = text((await get(somying, '/app/self-assessment')).text);
    expect(th).toContain('โปรดพิมพ์ผลการประเมินของคุณ ลงนาม แล้วส่งให้ฝ่ายบริหารทรัพยากรบุคคลภายในวันที่ 20 ธันวาคม 2569');
    const en = text((await get(lee, '/app/self-assessment')).text);
    expect(en).toContain('Print your result, sign it and hand it to HR by 20 December 2026.');
  });
});

describe('recording hand-ins', () => {
  it.each([
    ['th', 'received tomorrow', () => adminTh, { receivedOn: '7/12/2569' }, 'วันที่ได้รับต้องไม่เป็นวันในอนาคต'],
    [
      'en',
      'received before the year',
      () => adminEn,
      { receivedOn: '30/9/2026' },
      'cannot be before the fiscal year began',
    ],
    [
      'en',
      'nobody ticked',
      () => adminEn,
      { receivedOn: '5/12/2026', person: [] as string[] },
      'Tick at least one person.',
    ],
  ])(
    'when the form is refused (%s, %s), then 422 with the problem and nothing is written',
    async (_, _why, s, form, sentence) => {
      const before = await written();
      const people = 'person' in form ? form.person : [await personId(somying)];
      const res = await postForm(s(), `${PAGE}/record`, {
        ...back,
        note: '',
        ...form,
        person: people,
      });
      expect(res.status).toBe(422);
      expect(text(res.text)).toContain(sentence);
      expect(await written()).toEqual(before);
    },
  );

  it('when someone ticked is not expected to hand in (the instructor), then 409 and nobody is recorded', async () => {
    const before = await written();
    const res = await postForm(adminEn, `${PAGE}/record`, {
      ...back,
      receivedOn: '5/12/2026',
      note: '',
      person: [await personId(somying), await personId(instructor)],
    });
    expect(res.status).toBe(409);
    expect(text(res.text)).toContain('nothing was recorded');
    expect(await written()).toEqual(before);
  });

  it('when the form is broken (a person id that is not a number), then 400 in the language and nothing is written', async () => {
    const before = await written();
    const res = await postForm(adminTh, `${PAGE}/record`, {
      ...back,
      receivedOn: '5/12/2569',
      note: '',
      person: ['1; DROP'],
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    expect(await written()).toEqual(before);
  });

  it('when two people are recorded at once, and again, then each is written once with an audit row', async () => {
    const people = [await personId(somying), await personId(lee)];
    const first = await postForm(adminTh, `${PAGE}/record`, {
      ...back,
      receivedOn: '5/12/2569',
      note: 'ส่งที่ห้องฝ่ายบริหารทรัพยากรบุคคล',
      person: people,
    });
    expect(first.status).toBe(303);
    expect(first.headers.location).toContain('done=recorded&n=2&same=0');
    const again = await postForm(adminEn, `${PAGE}/record`, {
      ...back,
      receivedOn: '6/12/2026',
      note: '',
      person: people,
    });
    expect(again.headers.location).toContain('done=recorded&n=0&same=2');
    const rows = await t.db.query<{ received_on: string; note: string }>(
      'SELECT received_on::text, note FROM self_assessment_hand_ins ORDER BY person_id',
    );
    expect(rows).toEqual([
      { received_on: '2026-12-05', note: 'ส่งที่ห้องฝ่ายบริหารทรัพยากรบุคคล' },
      { received_on: '2026-12-05', note: 'ส่งที่ห้องฝ่ายบริหารทรัพยากรบุคคล' },
    ]);
    expect(
      await t.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'hand_in.recorded'"),
    ).toEqual([{ n: 2 }]);
    const page = await get(adminEn, `${PAGE}?done=recorded&n=0&same=2`);
    expect(text(page.text)).toContain('Forms recorded: 0 (already recorded: 2).');
    expect(count(page.text, 'handedIn')).toBe(2);
    expect(count(page.text, 'notYet')).toBe(1);
    expect(text(page.text)).toContain('5 December 2026 recorded by ผู้ดูแล ระบบ');
  });

  it('when the learner opens the self-assessment, then it says HR received the form on that day', async () => {
    const th = text((await get(somying, '/app/self-assessment')).text);
    expect(th).toContain(
      'ฝ่ายบริหารทรัพยากรบุคคลได้รับผลการประเมินตนเองที่คุณลงนามของปีงบประมาณ พ.ศ. 2570 แล้ว เมื่อวันที่ 5 ธันวาคม 2569',
    );
    expect(th).not.toContain('โปรดพิมพ์ผลการประเมินของคุณ');
  });

  it('filters by status and searches by name', async () => {
    const notYet = await get(adminEn, `${PAGE}?status=notYet`);
    expect(notYet.text).toContain('อนันต์ ขยันดี');
    expect(notYet.text).not.toContain('Lee Learner');
    const search = await get(adminEn, `${PAGE}?q=${encodeURIComponent('lee')}`);
    expect(search.text).toContain('Lee Learner');
    expect(search.text).not.toContain('อนันต์ ขยันดี');
    // LIKE's own characters are searched for as typed.
    expect((await get(adminEn, `${PAGE}?q=%25`)).text).toContain('data-testid="hand-ins-empty"');
    // Before the deadline nobody is overdue.
    expect((await get(adminEn, `${PAGE}?status=overdue`)).text).toContain('data-testid="hand-ins-empty"');
  });

  it('the CSV lists who has not handed in, in the page language', async () => {
    const th = await get(adminTh, `${PAGE}/missing.csv?fy=2570`);
    expect(th.status).toBe(200);
    expect(th.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(th.headers['content-disposition']).toContain('signed-self-assessments-not-handed-in-2570.csv');
    const lines = th.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('ชื่อ,รหัสผู้ใช้ใน LMS,อีเมล,กลุ่มเป้าหมาย,สถานะ,วันกำหนดส่ง');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^อนันต์ ขยันดี,[^,]+,[^,]*,,ยังไม่ส่ง,20\/12\/2569$/);
  });
});

describe('withdrawing a hand-in', () => {
  it('without a reason: 422 in the language, nothing written', async () => {
    const before = await written();
    const res = await postForm(adminTh, `${PAGE}/withdraw`, {
      ...back,
      person: await personId(lee),
      reason: '  ',
    });
    expect(res.status).toBe(422);
    expect(text(res.text)).toContain('ระบุเหตุผลที่ยกเลิก');
    expect(await written()).toEqual(before);
  });

  it('with a reason: withdrawn and audited; a second withdrawal is refused; recording again stands', async () => {
    const lee_ = await personId(lee);
    const res = await postForm(adminEn, `${PAGE}/withdraw`, {
      ...back,
      person: lee_,
      reason: 'Wrong person',
    });
    expect(res.status).toBe(303);
    const audit = await t.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'hand_in.withdrawn'",
    );
    expect(audit).toEqual([
      { details: { fiscalYear: 2570, receivedOn: '2026-12-05', reason: 'Wrong person' } },
    ]);
    const again = await postForm(adminEn, `${PAGE}/withdraw`, { ...back, person: lee_, reason: 'x' });
    expect(again.status).toBe(409);
    expect(text(again.text)).toContain('There is no record of this person');
    expect(count((await get(adminEn, PAGE)).text, 'handedIn')).toBe(1);
    const en = text((await get(lee, '/app/self-assessment')).text);
    expect(en).toContain('HR has not yet received your signed self-assessment for fiscal year 2570 B.E.');
    // Recorded again: the withdrawn row is replaced, not duplicated.
    const rec = await postForm(adminEn, `${PAGE}/record`, {
      ...back,
      receivedOn: '6/12/2026',
      note: '',
      person: [lee_],
    });
    expect(rec.headers.location).toContain('n=1&same=0');
    expect(
      await t.db.query(
        'SELECT received_on::text, withdrawn_at FROM self_assessment_hand_ins WHERE person_id = $1',
        [lee_],
      ),
    ).toEqual([{ received_on: '2026-12-06', withdrawn_at: null }]);
  });
});

describe('after the deadline', () => {
  it('before it passes, the sweep tells no one', async () => {
    now = new Date('2026-12-20T16:00:00Z'); // 23:00 on the deadline day in Bangkok
    expect(await t.app.handInSweep.run()).toBe(0);
  });

  it('once it passed, who has not handed in is overdue, notified once, and told on their page', async () => {
    now = new Date('2026-12-20T17:30:00Z'); // 00:30 on 21 December in Bangkok
    const page = await get(adminEn, PAGE);
    expect(text(page.text)).toContain('The deadline for fiscal year 2570 B.E. was 20 December 2026');
    expect(count(page.text, 'overdue')).toBe(1);
    const overdue = await get(adminEn, `${PAGE}?status=overdue`);
    expect(overdue.text).toContain('อนันต์ ขยันดี');
    expect(overdue.text).not.toContain('Lee Learner');
    expect(await t.app.handInSweep.run()).toBe(1);
    expect(await t.app.handInSweep.run()).toBe(0);
    const notified = await t.db.query<{ platform_user_id: string; event_key: string }>(
      `SELECT p.platform_user_id, n.event_key FROM notifications n JOIN people p ON p.id = n.person_id
        WHERE n.kind = 'hand_in_overdue'`,
    );
    expect(notified).toEqual([{ platform_user_id: anan.user.sub, event_key: 'hand-in:2570' }]);
    const list = text((await get(anan, '/app/notifications')).text);
    expect(list).toContain(
      'เลยกำหนดส่งผลการประเมินตนเองที่ลงนามแล้ว (ปีงบประมาณ พ.ศ. 2570) ซึ่งกำหนดไว้วันที่ 20 ธันวาคม 2569',
    );
    const own = text((await get(anan, '/app/self-assessment')).text);
    expect(own).toContain('เลยวันกำหนดส่ง (20 ธันวาคม 2569) แล้ว');
    const csv = await get(adminEn, `${PAGE}/missing.csv`);
    expect(csv.text).toContain(',Overdue,20/12/2026');
  });

  it('moving the deadline lets the sweep run again, but nobody is told twice in a year', async () => {
    await postForm(adminEn, `${PAGE}/deadline`, { ...back, deadline: '20/12/2026' });
    expect((await postForm(adminEn, `${PAGE}/deadline`, { ...back, deadline: '19/12/2026' })).status).toBe(
      303,
    );
    expect(await t.app.handInSweep.run()).toBe(0);
    expect((await written())!.notified).toBe(1);
  });
});

describe('a long list', () => {
  it('is shown 50 people a page, in name order, with the counts of everyone', async () => {
    // 60 more learners of the course, written as a launch would have (person and enrolment).
    await t.db.query(
      `WITH p AS (
         INSERT INTO people (tenant_id, platform_user_id, name)
         SELECT c.tenant_id, 'bulk-' || i, 'Bulk ' || lpad(i::text, 2, '0')
           FROM contexts c, generate_series(1, 60) i WHERE c.context_id = $1
         RETURNING tenant_id, id)
       INSERT INTO enrolments (tenant_id, context_id, person_id, roles)
       SELECT p.tenant_id, c.id, p.id, ARRAY[$2] FROM p JOIN contexts c ON c.tenant_id = p.tenant_id AND c.context_id = $1`,
      [COURSE, ROLE.learner],
    );
    const first = await get(adminEn, PAGE);
    expect(count(first.text, 'notYet')).toBe(61);
    expect([...first.text.matchAll(/<tr data-person=/g)]).toHaveLength(50);
    expect(text(first.text)).toContain('Page 1 of 2');
    expect(first.text.indexOf('Bulk 01')).toBeLessThan(first.text.indexOf('Bulk 02'));
    const second = await get(adminEn, `${PAGE}?page=2`);
    expect([...second.text.matchAll(/<tr data-person=/g)]).toHaveLength(13);
    // A page past the end shows the last one.
    expect([...(await get(adminEn, `${PAGE}?page=9`)).text.matchAll(/<tr data-person=/g)]).toHaveLength(13);
  });
});
