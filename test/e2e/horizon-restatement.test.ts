import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { readChart } from '../support/chart-reader';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #18 item 8: a learner says again what an entry of their own record served (70:30), module completions
// included, from the history on their progress page. Written as a row of the entry's chain (migration 0054),
// audited, idempotent; the 70:30 split of progress and of the organisation report follow.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-restate';
const open = (u: LmsUser, o: { module?: string } = {}): Promise<Session> =>
  openSession(t, u, { course: COURSE, ...o });
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const restate = (s: Session, entry: number, horizon: string, extra: Record<string, string> = {}) =>
  postForm(s, `/app/progress/entries/${entry}/horizon`, { horizon, ...extra });

interface Row {
  id: number;
  kind: string;
  horizon: string | null;
  hours: string;
  category: number;
  skill_hours: unknown;
  recorded_by: number | null;
  reason: string | null;
}
const rowsOf = (sub: string) =>
  t.db.query<Row>(
    `SELECT e.id, e.kind, e.horizon, e.hours::text, e.category, e.skill_hours, e.recorded_by, e.reason
       FROM learning_entries e JOIN people p ON p.id = e.person_id
      WHERE p.platform_user_id = $1 ORDER BY e.id`,
    [sub],
  );
const personOf = async (sub: string) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]))[0]!.id;
const auditRows = (personId: number) =>
  t.db.query<{ action: string; subject: string; actor_person_id: number; details: Record<string, unknown> }>(
    `SELECT action, subject, actor_person_id, details FROM audit_log
      WHERE action = 'entry.restated' AND subject_person_id = $1 ORDER BY id`,
    [personId],
  );

/** Reads every page of a placed module and passes its quiz: a completion the tool writes with its own horizon. */
async function complete(s: Session, slug: string): Promise<void> {
  const m = sampleModule(slug);
  for (let i = 1; i <= m.pages.length; i += 1)
    expect((await get(s, `/app/modules/${slug}/pages/${i}`)).status).toBe(200);
  const res = await s.agent
    .post(withLtik(s, `/app/modules/${slug}/quiz`))
    .type('form')
    .send(quizAnswers(m));
  expect(res.status).toBeLessThan(400);
}

/** The organisation report's 70:30 row for a target group: current h | future h | not stated h | split. */
async function reportRow(admin: Session, group: string): Promise<string> {
  const res = await get(admin, '/app/organisation');
  const table = res.text.slice(res.text.indexOf('data-testid="report-seventy-thirty"'));
  const at = table.search(new RegExp(`<th scope="row">(<bdi>)?${group}(</bdi>)?</th>`));
  return table
    .slice(at, table.indexOf('</tr>', at))
    .replace(/<[^>]+>/g, '|')
    .replace(/\|+/g, '|')
    .split('|')
    .slice(2, 6)
    .join('|');
}

describe('a learner restates what a module completion served', () => {
  let learner: Session;
  let admin: Session;
  let completion: number;
  beforeAll(async () => {
    learner = await open(user({ locale: 'en', name: 'Restating Learner' }), {
      module: 'dg-digital-government-laws',
    });
    admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }));
    expect((await postForm(learner, '/app/progress/target', { group: 'SERV', stage: 'EARLY' })).status).toBe(
      303,
    );
    await complete(learner, 'dg-digital-government-laws');
    const [row] = await rowsOf(learner.user.sub);
    // The tool chose it at completion: the module maps to a skill set of the learner's group and stage.
    expect(row).toEqual(expect.objectContaining({ kind: 'entry', horizon: 'current' }));
    completion = row!.id;
  });

  it('when the learner opens their history, then each entry that counts offers "this served" with its answer chosen, in English and Thai', async () => {
    const page = (await get(learner, '/app/progress/history')).text;
    const form = page.slice(page.indexOf(`data-testid="restate-${completion}"`));
    expect(form.slice(0, form.indexOf('</form>'))).toMatch(
      new RegExp(
        `<label for="horizon-${completion}" class="visually-hidden">This served <bdi>[^<]+</bdi></label>[\\s\\S]*<option value="current" selected>current work</option><option value="future">future work</option>`,
      ),
    );
    const th = await openSession(t, { ...learner.user, locale: 'th' }, { course: COURSE });
    const thai = (await get(th, '/app/progress/history')).text;
    // The column says what the choice is; each choice's label names its entry too.
    expect(thai).toContain('<th scope="col">การพัฒนานี้เพื่อ</th>');
    expect(thai).toMatch(
      new RegExp(`<label for="horizon-${completion}" class="visually-hidden">การพัฒนานี้เพื่อ <bdi>`),
    );
    expect(thai).toContain(
      '<option value="current" selected>งานปัจจุบัน</option><option value="future">งานในอนาคต</option>',
    );
  });

  it('when the learner restates it as future work, then a restatement row keeps hours, category and skill sets, is audited, and progress and the organisation report split follow', async () => {
    const before = readChart((await get(learner, '/app/progress')).text, 'progress-split')!;
    expect(before.description).toBe('Current work 100 %, future work 0 %; the target is 70 % and 30 %.');
    const hours = (await rowsOf(learner.user.sub))[0]!.hours;
    expect(await reportRow(admin, 'Service')).toBe(`${Number(hours)}|0|0|100:0`);

    const res = await restate(learner, completion, 'future');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/app\/progress\/history\?restated=1&ltik=/);

    const rows = await rowsOf(learner.user.sub);
    expect(rows).toHaveLength(2);
    const me = await personOf(learner.user.sub);
    expect(rows[1]).toEqual({
      ...rows[0],
      id: expect.any(Number),
      kind: 'restatement',
      horizon: 'future',
      recorded_by: me,
      reason: null,
    });
    expect(await auditRows(me)).toEqual([
      {
        action: 'entry.restated',
        subject: `#${completion}`,
        actor_person_id: me,
        details: expect.objectContaining({
          entryId: completion,
          before: { horizon: 'current' },
          after: { horizon: 'future' },
        }),
      },
    ]);

    const page = (await get(learner, res.headers.location!.replace(/&ltik=.*/, ''))).text;
    expect(page).toContain('Saved what that learning served: the 70:30 split counts it so now.');
    const after = readChart((await get(learner, '/app/progress')).text, 'progress-split')!;
    expect(after.description).toBe('Current work 0 %, future work 100 %; the target is 70 % and 30 %.');
    // Still counted, with the same hours: nothing else changed.
    expect(page).toContain(`option value="future" selected`);
    expect(await reportRow(admin, 'Service')).toBe(`0|${Number(hours)}|0|0:100`);
  });

  it('when the learner restates the same answer again, then nothing is written and the page says so', async () => {
    const rows = (await rowsOf(learner.user.sub)).length;
    const me = await personOf(learner.user.sub);
    const audits = (await auditRows(me)).length;
    const res = await restate(learner, completion, 'future');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/restated=same/);
    expect((await rowsOf(learner.user.sub)).length).toBe(rows);
    expect((await auditRows(me)).length).toBe(audits);
    const page = (await get(learner, '/app/progress/history?restated=same')).text;
    expect(page).toContain('That entry already said so: nothing was changed.');
  });

  it("when another learner posts a restatement of this learner's entry, then 404 and nothing is written", async () => {
    const other = await open(user({ locale: 'en' }));
    const before = await rowsOf(learner.user.sub);
    const res = await restate(other, completion, 'current');
    expect(res.status).toBe(404);
    expect(await rowsOf(learner.user.sub)).toEqual(before);
    // An instructor of the course is no owner either.
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'th' }));
    expect((await restate(teacher, completion, 'current')).status).toBe(404);
    expect(await rowsOf(learner.user.sub)).toEqual(before);
  });

  it('when the horizon is neither current nor future, or the entry id is not a number, then a clear page (422, 404) in the learner’s language; nothing written', async () => {
    const before = await rowsOf(learner.user.sub);
    const bad = await restate(learner, completion, 'someday');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Choose whether it serves your current work or future work.');
    const none = await postForm(learner, `/app/progress/entries/${completion}/horizon`, {});
    expect(none.status).toBe(422);
    expect((await restate(learner, 0, 'current')).status).toBe(404);
    const odd = await learner.agent
      .post(withLtik(learner, '/app/progress/entries/abc/horizon'))
      .type('form')
      .send('horizon=current');
    expect(odd.status).toBe(404);
    expect(await rowsOf(learner.user.sub)).toEqual(before);
  });
});

describe('restating logged activities', () => {
  let learner: Session;
  let teacher: Session;
  const log = (title: string, horizon: string) =>
    postForm(learner, '/app/record', {
      activityType: 'mentoring',
      title,
      occurredOn: bangkokToday(),
      hours: '3',
      category: '',
      horizon,
      lectureShare: '',
      'skill.DL': '3',
    });
  beforeAll(async () => {
    learner = await open(user({ locale: 'en', name: 'Logged Learner' }));
    teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
    expect((await postForm(learner, '/app/progress/target', { group: 'ACAD', stage: 'EARLY' })).status).toBe(
      303,
    );
  });

  it('when an approved activity is restated, then it stays approved and counted (no new approval), and the split moves', async () => {
    expect((await log('Mentoring on dashboards', 'current')).status).toBe(303);
    const [entry] = await rowsOf(learner.user.sub);
    await postForm(teacher, '/app/approvals', { entry: [String(entry!.id)], decision: 'approve' });
    expect((await restate(learner, entry!.id, 'future')).status).toBe(303);
    const page = (await get(learner, '/app/progress')).text;
    expect(readChart(page, 'progress-split')!.description).toBe(
      'Current work 0 %, future work 100 %; the target is 70 % and 30 %.',
    );
    expect(page).toContain('3 h');
    expect((await get(learner, '/app/progress/history')).text).toMatch(
      /<tr data-status="approved">\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*><bdi>Mentoring on dashboards/,
    );
    // Nothing new waits for the instructor.
    const queue = (await get(teacher, '/app/approvals')).text;
    expect(queue).not.toContain('Mentoring on dashboards');
  });

  it('when a pending activity is restated, then it still waits for review, and approving it counts it as restated', async () => {
    expect((await log('Mentoring on forms', 'future')).status).toBe(303);
    const entry = (await rowsOf(learner.user.sub)).at(-1)!;
    expect((await restate(learner, entry.id, 'current')).status).toBe(303);
    expect((await get(teacher, '/app/approvals')).text).toContain('Mentoring on forms');
    await postForm(teacher, '/app/approvals', { entry: [String(entry.id)], decision: 'approve' });
    const page = (await get(learner, '/app/progress')).text;
    expect(readChart(page, 'progress-split')!.description).toBe(
      'Current work 50 %, future work 50 %; the target is 70 % and 30 %.',
    );
  });

  it('when an instructor corrects an entry after a restatement, then the correction keeps the restated horizon; a restatement after a correction still shows it as corrected', async () => {
    const me = await personOf(learner.user.sub);
    const entry = (await rowsOf(learner.user.sub))[0]!;
    const corrected = await postForm(teacher, `/app/learners/${me}/record/${entry.id}`, {
      action: 'correct',
      hours: '2',
      category: '70',
      horizon: '',
      lectureShare: '',
      reason: 'Two hours, not three',
    });
    expect(corrected.status).toBe(303);
    expect((await rowsOf(learner.user.sub)).at(-1)).toEqual(
      expect.objectContaining({ kind: 'correction', horizon: 'future', hours: '2.00' }),
    );
    expect((await restate(learner, entry.id, 'current')).status).toBe(303);
    expect((await rowsOf(learner.user.sub)).at(-1)).toEqual(
      expect.objectContaining({
        kind: 'restatement',
        horizon: 'current',
        hours: '2.00',
        reason: 'Two hours, not three',
      }),
    );
    const page = (await get(learner, '/app/progress/history')).text;
    const at = page.indexOf(`data-testid="restate-${entry.id}"`);
    const row = page.slice(page.lastIndexOf('<tr', at), page.indexOf('</tr>', at));
    expect(row).toContain('Two hours, not three');
    expect(row).toContain(' · corrected');
    expect(row).toContain('<option value="current" selected>');
  });

  it('when the entry was reversed, then the restatement is refused (409) in English and Thai, nothing written, and progress offers no form for it', async () => {
    const me = await personOf(learner.user.sub);
    expect((await log('Mentoring to reverse', 'current')).status).toBe(303);
    const entry = (await rowsOf(learner.user.sub)).at(-1)!;
    const reversed = await postForm(teacher, `/app/learners/${me}/record/${entry.id}`, {
      action: 'reverse',
      reason: 'Logged twice',
    });
    expect(reversed.status).toBe(303);
    const before = await rowsOf(learner.user.sub);
    const res = await restate(learner, entry.id, 'future');
    expect(res.status).toBe(409);
    expect(res.text).toContain(
      'This entry was reversed: it no longer counts, so it serves neither current nor future work.',
    );
    const th = await openSession(t, { ...learner.user, locale: 'th' }, { course: COURSE });
    const thai = await restate(th, entry.id, 'future');
    expect(thai.status).toBe(409);
    expect(thai.text).toContain('รายการนี้ถูกยกเลิกแล้วและไม่นับในบันทึก');
    expect(await rowsOf(learner.user.sub)).toEqual(before);
    const history = (await get(learner, '/app/progress/history')).text;
    expect(history).toContain('Mentoring to reverse');
    expect(history).not.toContain(`data-testid="restate-${entry.id}"`);
  });

  it('when the activity was rejected, then the restatement is refused (409); nothing written', async () => {
    expect((await log('Mentoring not approved', 'current')).status).toBe(303);
    const entry = (await rowsOf(learner.user.sub)).at(-1)!;
    await postForm(teacher, '/app/approvals', {
      entry: [String(entry.id)],
      decision: 'reject',
      comment: 'No evidence',
    });
    const before = await rowsOf(learner.user.sub);
    const res = await restate(learner, entry.id, 'future');
    expect(res.status).toBe(409);
    expect(res.text).toContain('This activity was not approved and does not count');
    expect(await rowsOf(learner.user.sub)).toEqual(before);
  });
});

describe('the database holds a restatement to the horizon alone', () => {
  it('when a restatement row would change the hours, keep the horizon or be written by someone else, then the insert is refused', async () => {
    const s = await open(user({ locale: 'en' }));
    await postForm(s, '/app/record', {
      activityType: 'mentoring',
      title: 'Held by the database',
      occurredOn: bangkokToday(),
      hours: '3',
      category: '',
      horizon: 'current',
      lectureShare: '',
      'skill.DL': '3',
    });
    const [entry] = await rowsOf(s.user.sub);
    const restatement = (o: { hours?: string; horizon?: string; by?: string } = {}) =>
      t.db.query(
        `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, activity_type,
                                       title, category, hours, skill_hours, occurred_on, recorded_by, horizon)
         SELECT tenant_id, person_id, context_id, source, 'restatement', id, id, activity_type, title, category,
                ${o.hours ?? 'hours'}, skill_hours, occurred_on, ${o.by ?? 'person_id'}, ${o.horizon ?? "'future'"}
           FROM learning_entries WHERE id = $1`,
        [entry!.id],
      );
    await expect(restatement({ hours: 'hours + 1' })).rejects.toThrow(/restatement changes the horizon/);
    await expect(restatement({ horizon: "'current'" })).rejects.toThrow(/restatement changes the horizon/);
    await expect(restatement({ by: 'NULL' })).rejects.toThrow(/restatement changes the horizon/);
    await expect(restatement({ horizon: 'NULL' })).rejects.toThrow();
    // The same row with only the horizon changed is what the tool writes.
    await restatement();
    expect(await rowsOf(s.user.sub)).toHaveLength(2);
  });
});

describe('the class CSV: 70:30 per learner', () => {
  const COURSE_CSV = 'course-class-7030';
  const csvRows = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));

  it('when an instructor exports the class, then each learner has current, future and not-stated hours after the 70:20:10 columns, in English and Thai, and a restatement moves them', async () => {
    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), {
      course: COURSE_CSV,
    });
    const logAndApprove = async (s: Session, hours: string, horizon?: string) => {
      const form: Record<string, string> = {
        activityType: 'mentoring',
        title: `Mentoring ${hours} h`,
        occurredOn: bangkokToday(),
        hours,
        category: '',
        lectureShare: '',
        'skill.DL': hours,
      };
      if (horizon) form.horizon = horizon;
      expect((await postForm(s, '/app/record', form)).status).toBe(303);
      const id = (await rowsOf(s.user.sub)).at(-1)!.id;
      await postForm(teacher, '/app/approvals', { entry: [String(id)], decision: 'approve' });
      return id;
    };
    const anna = await openSession(t, user({ name: 'Anna Current', locale: 'en' }), { course: COURSE_CSV });
    const first = await logAndApprove(anna, '4', 'current');
    await logAndApprove(anna, '2', 'future');
    const ben = await openSession(t, user({ name: 'Ben Unstated', locale: 'en' }), { course: COURSE_CSV });
    await logAndApprove(ben, '1.5');
    // Someone who opened the tool and has no hours yet.
    await openSession(t, user({ name: 'Cleo Nothing', locale: 'en' }), { course: COURSE_CSV });

    const exportOf = async (s: Session) => {
      const res = await get(s, '/app/class.csv');
      expect(res.status).toBe(200);
      const [header, ...rows] = csvRows(res.text);
      const at = header!.indexOf(
        s.user.locale === 'th' ? 'ชั่วโมงเพื่องานปัจจุบัน (70:30)' : 'Hours for current work (70:30)',
      );
      expect(at).toBeGreaterThan(0);
      return {
        header: header!.slice(at - 1, at + 4),
        of: (name: string) => rows.find((r) => r[0] === name)!.slice(at, at + 3),
      };
    };
    const en = await exportOf(teacher);
    expect(en.header).toEqual([
      'Hours 10 (learning from training)',
      'Hours for current work (70:30)',
      'Hours for future work (70:30)',
      'Hours not stated (70:30)',
      'Last self-assessment',
    ]);
    expect(en.of('Anna Current')).toEqual(['4', '2', '0']);
    expect(en.of('Ben Unstated')).toEqual(['0', '0', '1.5']);
    expect(en.of('Cleo Nothing')).toEqual(['0', '0', '0']);

    const th = await exportOf(
      await openSession(t, user({ roles: [ROLE.instructor], locale: 'th' }), { course: COURSE_CSV }),
    );
    expect(th.header.slice(1, 4)).toEqual([
      'ชั่วโมงเพื่องานปัจจุบัน (70:30)',
      'ชั่วโมงเพื่องานในอนาคต (70:30)',
      'ชั่วโมงที่ไม่ได้ระบุ (70:30)',
    ]);
    expect(th.of('Anna Current')).toEqual(['4', '2', '0']);

    expect((await restate(anna, first, 'future')).status).toBe(303);
    expect((await exportOf(teacher)).of('Anna Current')).toEqual(['0', '6', '0']);
  });
});
