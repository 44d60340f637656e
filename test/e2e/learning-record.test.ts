import { LTI, ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { HISTORY_PAGE_SIZE } from '../../src/use-cases/get-record-history';
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

const open = (u: LmsUser, course = 'course-1'): Promise<Session> => openSession(t, u, { course });
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const post = postForm;

const personId = async (sub: string) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]))[0]!.id;
const today = () => bangkokToday();
const activity = (overrides: Record<string, string> = {}) => ({
  activityType: 'mentoring',
  title: 'พี่เลี้ยงสอนการใช้ Google Sheets',
  occurredOn: today(),
  hours: '3',
  category: '',
  'skill.DL': '2',
  'skill.DG': '1',
  reflection: 'ได้เรียนรู้การใช้สูตร SUMIF',
  evidenceUrl: 'https://drive.example.go.th/evidence/1',
  ...overrides,
});
const entryIds = async (sub: string) =>
  (
    await t.db.query<{ id: number }>(
      `SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1 ORDER BY e.id`,
      [sub],
    )
  ).map((r) => r.id);

describe('logged learning', () => {
  it('when a learner logs an activity, then it is pending, shown in history and not counted yet', async () => {
    const s = await open(user({ locale: 'en' }));
    const res = await post(s, '/app/record', activity());
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/app/progress/history?logged=1');
    const history = (await s.agent.get(res.headers.location as string)).text;
    expect(history).toContain('data-testid="logged"');
    expect(history).toContain('Pending approval');
    const progress = await get(s, '/app/progress');
    expect(progress.text).toContain('0 hours in total');
    expect(progress.text).toContain('1 waiting for approval');
  });

  it('when the form has errors, then it comes back 422 with the input kept and each message next to its field (Thai)', async () => {
    const s = await open(user({ locale: 'th' }));
    const res = await post(
      s,
      '/app/record',
      activity({
        title: '',
        hours: 'abc',
        'skill.DL': '5',
        occurredOn: '2999-01-01',
        evidenceUrl: 'javascript:alert(1)',
      }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="title-error"');
    expect(res.text).toContain('กรุณากรอกช่องนี้');
    expect(res.text).toContain('ใส่จำนวนชั่วโมงเป็นตัวเลข');
    expect(res.text).toContain('ลิงก์ต้องขึ้นต้นด้วย https://');
    expect(res.text).toContain('value="abc"');
    expect(res.text).toContain('ได้เรียนรู้การใช้สูตร SUMIF');
    expect(await entryIds(s.user.sub)).toHaveLength(0);
  });

  it('when the rules are broken (future date, skill hours above the activity), then the domain messages show', async () => {
    const s = await open(user({ locale: 'en' }));
    const res = await post(s, '/app/record', activity({ occurredOn: '2999-01-01', 'skill.DL': '5' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('The date cannot be in the future.');
    expect(res.text).toContain('Skill-set hours add up to 6, more than the activity&#x27;s 3.');
    const none = await post(s, '/app/record', activity({ 'skill.DL': '', 'skill.DG': '' }));
    expect(none.text).toContain('Credit at least one skill set.');
  });

  it('when an instructor approves some and rejects others with a reason, then the learner sees the statuses and the approved hours count', async () => {
    const learner = await open(user({ locale: 'en' }));
    await post(learner, '/app/record', activity({ title: 'A' }));
    await post(
      learner,
      '/app/record',
      activity({ title: 'B', activityType: 'classroom', lectureShare: '40', 'skill.DG': '' }),
    );
    await post(learner, '/app/record', activity({ title: 'C', activityType: 'on-the-job' }));
    const [a, b, c] = await entryIds(learner.user.sub);
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
    const queue = await get(teacher, '/app/approvals');
    expect(queue.status).toBe(200);
    for (const id of [a, b, c]) expect(queue.text).toContain(`data-entry="${id}"`);

    const noReason = await post(teacher, '/app/approvals', { entry: [String(c)], decision: 'reject' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Give a reason to reject.');
    const nothing = await post(teacher, '/app/approvals', { decision: 'approve' });
    expect(nothing.status).toBe(422);

    const approved = await post(teacher, '/app/approvals', {
      entry: [String(a), String(b)],
      decision: 'approve',
    });
    expect(approved.status).toBe(303);
    expect((await teacher.agent.get(approved.headers.location as string)).text).toContain('2 approved.');
    await post(teacher, '/app/approvals', { entry: [String(c)], decision: 'reject', comment: 'ขอหลักฐานเพิ่ม' });
    // A decided entry cannot be decided again.
    const again = await post(teacher, '/app/approvals', {
      entry: [String(a)],
      decision: 'reject',
      comment: 'x',
    });
    expect(again.headers.location).toContain('done=0');

    const page = (await get(learner, '/app/progress')).text;
    const history = (await get(learner, '/app/progress/history')).text;
    // A: mentoring (20), 3 h; B: classroom (10), 3 h, 2 h to DL. C rejected.
    expect(page).toContain('6 hours in total');
    expect(history).toContain('ขอหลักฐานเพิ่ม');
    expect(history).toMatch(/data-status="rejected"/);
    expect(page).toContain('4 h (no target)');
    // The mix: 3 h of 20 and 3 h of 10 -> 0 / 50 / 50, with a text equivalent.
    expect(page).toContain('70 (learning by oneself and from doing the work): mine 0 %, target 70 % (0 h)');
    expect(page).toContain('<desc id="mix-desc">');

    // Choosing a group and stage shows targets: Others at Developing wants 18 h of Digital Literacy.
    const chosen = await post(learner, '/app/progress/target', { group: 'OTHER', stage: 'DEVELOPING' });
    expect(chosen.status).toBe(303);
    const withTarget = (await get(learner, '/app/progress')).text;
    expect(withTarget).toContain('4 of 18 h');
    expect(withTarget).toContain('Target hours are the tool&#x27;s defaults');
    // The stage's name already says its years (the seeds' wording): the choice says them once.
    expect(withTarget).toContain('>Developing Stage (years 3-5)</option>');
    expect(withTarget).not.toContain('(years 3-5) (years');
  });

  it("when a group or stage is not the framework's, then 422 with the form's summary and nothing saved", async () => {
    const s = await open(user());
    const res = await post(s, '/app/progress/target', { group: 'NOPE', stage: 'DEVELOPING' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#group" data-field="group">');
    expect(res.text).not.toContain('data-testid="target"');
  });

  it("when an instructor sets a learner's target, then the learner sees it marked as set by the instructor", async () => {
    const learner = await open(user({ locale: 'en', name: 'Learner Override' }), 'course-override');
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-override');
    const list = await get(teacher, '/app/learners');
    expect(list.text).toContain('Learner Override');
    const id = await personId(learner.user.sub);
    const res = await post(teacher, '/app/learners/target', {
      person: String(id),
      group: 'SERV',
      stage: 'EARLY',
    });
    expect(res.status).toBe(303);
    const page = (await get(learner, '/app/progress')).text;
    expect(page).toContain('set by your instructor');
    // A learner of another course cannot be changed from this one.
    const stranger = await open(user(), 'course-elsewhere');
    const otherId = await personId(stranger.user.sub);
    expect(
      (
        await post(teacher, '/app/learners/target', {
          person: String(otherId),
          group: 'SERV',
          stage: 'EARLY',
        })
      ).status,
    ).toBe(404);
  });

  it('when the history is filtered by fiscal year, then only entries from 1 October to 30 September show, with Buddhist-era dates', async () => {
    const s = await open(user({ locale: 'th' }));
    const d = new Date(Date.now() + 7 * 3_600_000);
    const year = d.getUTCFullYear();
    // 1 October of last year opens fiscal year (this year + 543); the day before closes the one before.
    const octFirst = `${year - 1}-10-01`;
    const sepLast = `${year - 1}-09-30`;
    await post(s, '/app/record', activity({ title: 'ต้นปีงบ', occurredOn: octFirst }));
    await post(s, '/app/record', activity({ title: 'ปลายปีงบก่อน', occurredOn: sepLast }));
    const all = (await get(s, '/app/progress/history')).text;
    expect(all).toContain(`ปีงบประมาณ พ.ศ. ${year - 1 + 543}`);
    expect(all).toContain(`ปีงบประมาณ พ.ศ. ${year + 543}`);
    const filtered = (await get(s, `/app/progress/history?fy=${year + 543}`)).text;
    expect(filtered).toContain('ต้นปีงบ');
    expect(filtered).not.toContain('ปลายปีงบก่อน');
    expect(filtered).toContain(`1 ตุลาคม ${year - 1 + 543}`);
  });
});

describe('logging a rejected entry again', () => {
  it('when an entry is rejected, then the history offers to log it again, the form starts from its values, and the new entry waits while the rejected one stays', async () => {
    const learner = await open(user({ locale: 'th' }), 'course-again');
    await post(
      learner,
      '/app/record',
      activity({
        title: 'อบรม Power BI',
        activityType: 'classroom',
        hours: '6',
        'skill.DL': '4',
        'skill.DG': '2',
        lectureShare: '50',
        occurredOn: '2026-11-15',
      }),
    );
    await post(learner, '/app/record', activity({ title: 'ยังรออนุมัติ' }));
    const [rejected, waiting] = await entryIds(learner.user.sub);
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-again');
    await post(teacher, '/app/approvals', {
      entry: [String(rejected)],
      decision: 'reject',
      comment: 'ขอใบรับรอง',
    });

    const history = (await get(learner, '/app/progress/history')).text;
    expect(history).toContain(`data-testid="log-again-${rejected}"`);
    expect(history).not.toContain(`data-testid="log-again-${waiting}"`);
    const form = (await get(learner, `/app/record/new?again=${rejected}`)).text;
    expect(form).toContain('data-testid="logging-again"');
    expect(form).toContain('value="อบรม Power BI"');
    expect(form).toMatch(/<option value="classroom"[^>]*selected/);
    expect(form).toContain('value="15/11/2569"');
    expect(form).toMatch(/name="hours"[^>]*value="6"/);
    expect(form).toMatch(/name="skill\.DL"[^>]*value="4"/);
    expect(form).toMatch(/name="skill\.DG"[^>]*value="2"/);
    expect(form).toMatch(/name="lectureShare"[^>]*value="50"/);
    // Only one's own rejected activity: a waiting entry, another person's or a made-up id give the empty form.
    for (const id of [waiting, 999_999]) {
      const plain = (await get(learner, `/app/record/new?again=${id}`)).text;
      expect(plain).not.toContain('data-testid="logging-again"');
      expect(plain).not.toContain('value="อบรม Power BI"');
    }
    const other = await open(user({ locale: 'th' }), 'course-again');
    expect((await get(other, `/app/record/new?again=${rejected}`)).text).not.toContain('อบรม Power BI');

    const sent = await post(
      learner,
      '/app/record',
      activity({
        title: 'อบรม Power BI',
        activityType: 'classroom',
        hours: '6',
        'skill.DL': '4',
        'skill.DG': '2',
        lectureShare: '50',
        occurredOn: '2026-11-15',
      }),
    );
    expect(sent.status).toBe(303);
    const after = (await get(learner, '/app/progress/history')).text;
    expect(after.match(/อบรม Power BI/g)?.length).toBeGreaterThanOrEqual(2);
    expect(after).toMatch(/data-status="rejected"/);
    expect(after).toMatch(/data-status="pending"[\s\S]*อบรม Power BI/);
  });
});

describe('the record history, a page of its own (#17)', () => {
  it('when a learner has more entries than a page holds, then progress links to the history with the count, and the history pages them newest first, a page past the end showing the last', async () => {
    const s = await open(user({ locale: 'en' }), 'course-history-pages');
    const count = HISTORY_PAGE_SIZE + 2;
    for (let i = 1; i <= count; i++) {
      const day = new Date(Date.now() + 7 * 3_600_000 - (count - i) * 86_400_000).toISOString().slice(0, 10);
      expect((await post(s, '/app/record', activity({ title: `Entry ${i}`, occurredOn: day }))).status).toBe(
        303,
      );
    }
    const progress = (await get(s, '/app/progress')).text;
    expect(progress).toMatch(
      new RegExp(
        `href="/app/progress/history\\?ltik[^"]+" data-testid="history-link">Learning history <span class="small">\\(entries: ${count}\\)`,
      ),
    );
    expect(progress).not.toContain('<table class="stack history">');

    const titles = (html: string) =>
      [...html.matchAll(/<td data-label="Entry"><bdi>(Entry \d+)<\/bdi>/g)].map((m) => m[1]);
    const first = (await get(s, '/app/progress/history')).text;
    expect(titles(first)).toEqual(Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => `Entry ${count - i}`));
    expect(first).toContain(`Page 1 of 2 (entries: ${count})`);
    expect(first).toMatch(/rel="next" href="\/app\/progress\/history\?page&#x3D;2&amp;ltik[^"]+"/);
    const past = await get(s, '/app/progress/history?page=99');
    expect(past.status).toBe(200);
    expect(titles(past.text)).toEqual(['Entry 2', 'Entry 1']);
    expect(past.text).toContain(`Page 2 of 2 (entries: ${count})`);
    // The history sits below progress: its breadcrumb leads back, and the navigation marks My progress.
    expect(first).toMatch(/<a href="\/app\/progress\?ltik[^"]+">(<bdi>)?My progress/);
    expect(first).toMatch(/aria-current="true"><svg[^]*?<span>My progress<\/span>/);
  });
});

describe('corrections', () => {
  it('when an instructor corrects and reverses entries with a reason, then the learner totals follow and the history keeps both', async () => {
    const learner = await open(user({ locale: 'en', name: 'Corrected Learner' }), 'course-fix');
    await post(
      learner,
      '/app/record',
      activity({ title: 'Fix me', hours: '4', 'skill.DL': '2', 'skill.DG': '2' }),
    );
    await post(
      learner,
      '/app/record',
      activity({ title: 'Reverse me', hours: '1', 'skill.DL': '1', 'skill.DG': '' }),
    );
    const [fix, rev] = await entryIds(learner.user.sub);
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-fix');
    await post(teacher, '/app/approvals', { entry: [String(fix), String(rev)], decision: 'approve' });
    expect((await get(learner, '/app/progress')).text).toContain('5 hours in total');

    const me = await personId(learner.user.sub);
    const page = await get(teacher, `/app/learners/${me}/record`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Fix me');
    const noReason = await post(teacher, `/app/learners/${me}/record/${fix}`, {
      action: 'correct',
      hours: '2',
      category: '20',
      reason: '',
    });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Give a reason for the correction.');
    expect(noReason.text).toContain('value="2"');
    expect(
      (
        await post(teacher, `/app/learners/${me}/record/${fix}`, {
          action: 'correct',
          hours: '2',
          category: '20',
          reason: 'only 2 h were spent',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await post(teacher, `/app/learners/${me}/record/${rev}`, {
          action: 'reverse',
          hours: '',
          category: '',
          reason: 'logged twice',
        })
      ).status,
    ).toBe(303);

    expect((await get(learner, '/app/progress')).text).toContain('2 hours in total');
    const after = (await get(learner, '/app/progress/history')).text;
    expect(after).toContain('Reversed');
    expect(after).toContain('corrected');
    const rows = await t.db.query<{ kind: string; reason: string | null; recorded_by: number }>(
      'SELECT kind, reason, recorded_by FROM learning_entries WHERE person_id = $1 ORDER BY id',
      [me],
    );
    expect(rows.map((r) => [r.kind, r.reason])).toEqual([
      ['entry', null],
      ['entry', null],
      ['correction', 'only 2 h were spent'],
      ['reversal', 'logged twice'],
    ]);
    expect(rows[2]!.recorded_by).toBe(await personId(teacher.user.sub));

    // An instructor of another course can neither see nor correct them.
    const stranger = await open(user({ roles: [ROLE.instructor] }), 'course-other');
    expect((await get(stranger, `/app/learners/${me}/record`)).status).toBe(404);
    expect(
      (await post(stranger, `/app/learners/${me}/record/${fix}`, { action: 'reverse', reason: 'x' })).status,
    ).toBe(404);
    // And a learner cannot correct at all.
    expect(
      (await post(learner, `/app/learners/${me}/record/${fix}`, { action: 'reverse', reason: 'x' })).status,
    ).toBe(403);
  });
});

describe('corrections as people see them', () => {
  it('when an instructor corrects one entry, reverses another and rejects a third, then the learner sees each reason and comment (Thai), and the final ones offer no controls', async () => {
    const learner = await open(user({ locale: 'th', name: 'Reasons Learner' }), 'course-why');
    for (const title of ['Fix', 'Drop', 'Refuse'])
      await post(learner, '/app/record', activity({ title, hours: '2', 'skill.DL': '2', 'skill.DG': '' }));
    const [fix, drop, refuse] = await entryIds(learner.user.sub);
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-why');
    await post(teacher, '/app/approvals', { entry: [String(fix), String(drop)], decision: 'approve' });
    await post(teacher, '/app/approvals', {
      entry: [String(refuse)],
      decision: 'reject',
      comment: 'ไม่มีหลักฐาน',
    });
    const me = await personId(learner.user.sub);
    const correct = (entry: number, form: Record<string, string>) =>
      post(teacher, `/app/learners/${me}/record/${entry}`, form);
    expect(
      (await correct(fix!, { action: 'correct', hours: '1', category: '', reason: 'ใช้เวลาจริง 1 ชั่วโมง' }))
        .status,
    ).toBe(303);
    expect(
      (await correct(drop!, { action: 'reverse', hours: '', category: '', reason: 'บันทึกซ้ำ' })).status,
    ).toBe(303);

    const progress = (await get(learner, '/app/progress/history')).text;
    expect(progress).toContain('ผู้สอนแก้ไข: <bdi>ใช้เวลาจริง 1 ชั่วโมง</bdi>');
    expect(progress).toContain('ผู้สอนยกเลิก: <bdi>บันทึกซ้ำ</bdi>');
    expect(progress).toContain('ความเห็นของผู้พิจารณา: <bdi>ไม่มีหลักฐาน</bdi>');

    // The instructor's page of the learner's record shows the same, and correction forms only where they apply.
    const record = (await get(teacher, `/app/learners/${me}/record`)).text;
    expect(record).toContain('ผู้สอนแก้ไข: <bdi>ใช้เวลาจริง 1 ชั่วโมง</bdi>');
    expect(record).toContain('ความเห็นของผู้พิจารณา: <bdi>ไม่มีหลักฐาน</bdi>');
    expect(record).toContain(`data-testid="correction-${fix}"`);
    expect(record).not.toContain(`data-testid="correction-${drop}"`);
    expect(record).not.toContain(`data-testid="correction-${refuse}"`);
    // The forms open on demand: none stands open.
    expect(record).not.toMatch(/<details class="correction" open/);

    // And the server refuses a crafted post against a reversed or rejected entry, writing nothing.
    const before = (await entryIds(learner.user.sub)).length;
    for (const entry of [drop!, refuse!]) {
      const res = await correct(entry, { action: 'correct', hours: '1', category: '', reason: 'x' });
      expect(res.status).toBe(409);
      expect(res.text).toContain('รายการนี้เปลี่ยนแปลงไม่ได้แล้ว');
    }
    expect(await entryIds(learner.user.sub)).toHaveLength(before);
  });

  it('when a correction has two problems, then both are in one summary naming their fields (English), the row stays open and the input stays', async () => {
    const learner = await open(user({ locale: 'en', name: 'Summary Learner' }), 'course-sum');
    await post(
      learner,
      '/app/record',
      activity({ title: 'Sum', hours: '2', 'skill.DL': '2', 'skill.DG': '' }),
    );
    const [id] = await entryIds(learner.user.sub);
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-sum');
    const me = await personId(learner.user.sub);
    const res = await post(teacher, `/app/learners/${me}/record/${id}`, {
      action: 'correct',
      hours: 'lots',
      category: '20',
      reason: '',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-testid="error-summary"');
    expect(res.text).toContain(
      `<a href="#hours-${id}" data-field="hours">Hours: Enter hours as a number, e.g. 1.5.</a>`,
    );
    expect(res.text).toContain(
      `<a href="#reason-${id}" data-field="reason">Reason: Give a reason for the correction.</a>`,
    );
    expect(res.text).toContain(`aria-describedby="reason-${id}-error"`);
    expect(res.text).toMatch(new RegExp(`<details class="correction" open data-testid="correction-${id}"`));
    expect(res.text).toContain('value="lots"');
    expect(await entryIds(learner.user.sub)).toHaveLength(1);
  });
});

describe('authorisation', () => {
  it('when a learner asks for instructor pages, then 403', async () => {
    const learner = await open(user({ locale: 'th' }));
    for (const path of ['/app/approvals', '/app/grades', '/app/learners']) {
      const res = await get(learner, path);
      expect(res.status).toBe(403);
      expect(res.text).toContain('ไม่ได้รับอนุญาต');
    }
    expect((await post(learner, '/app/approvals', { entry: ['1'], decision: 'approve' })).status).toBe(403);
    expect(
      (await post(learner, '/app/learners/target', { person: '1', group: 'SERV', stage: 'EARLY' })).status,
    ).toBe(403);
  });

  it('when a learner launched without a course logs learning, then a 409 page says to open it from a course', async () => {
    const s = await openSession(t, user({ locale: 'en' }), { claims: { [`${LTI}context`]: undefined } });
    const res = await get(s, '/app/record/new');
    expect(res.status).toBe(409);
    expect(res.text).toContain('Open DigiSkill from an activity in your course');
    expect((await post(s, '/app/record', activity())).status).toBe(409);
  });

  it('when there is no session, then 401', async () => {
    const agent = t.agent();
    for (const path of ['/app/progress', '/app/approvals', '/app/record/new', '/app/grades'])
      expect((await agent.get(path)).status).toBe(401);
  });

  it('when an instructor of another course approves an entry of this one, then nothing is decided', async () => {
    const learner = await open(user(), 'course-a');
    await post(learner, '/app/record', activity());
    const [id] = await entryIds(learner.user.sub);
    const other = await open(user({ roles: [ROLE.instructor] }), 'course-b');
    expect((await get(other, '/app/approvals')).text).not.toContain(`data-entry="${id}"`);
    const res = await post(other, '/app/approvals', { entry: [String(id)], decision: 'approve' });
    expect(res.headers.location).toContain('done=0');
    expect(await t.db.query('SELECT 1 FROM entry_reviews WHERE entry_id = $1', [id])).toHaveLength(0);
  });

  it('when a learner opens progress, then only their own entries are there', async () => {
    const a = await open(user({ locale: 'en' }));
    await post(a, '/app/record', activity({ title: 'Only mine' }));
    const b = await open(user({ locale: 'en' }));
    expect((await get(b, '/app/progress')).text).not.toContain('Only mine');
  });
});
