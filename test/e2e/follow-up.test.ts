import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  passSampleModule,
  postForm,
  registerAnotherLms,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

/**
 * Follow-up evaluation (issue 19 item 3): a completion becomes due N weeks (8 by default) after its date, for the
 * learner and for the instructors of its course; each answers once; the committee sees response rates and means.
 * The clock is the app's injected one: moving it is how eight weeks pass.
 */
let t: TestApp;
let ahead = 0;
const DAY = 86_400_000;
const now = () => new Date(Date.now() + ahead);
beforeAll(async () => {
  // The tests sweep and drain themselves.
  t = await startTestApp({ GRADE_POLL_MS: '3600000', MAIL_POLL_MS: '3600000' }, { now });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-follow-up';
const MODULE = 'dl-computer-basics';
const open = (u: LmsUser, course = COURSE): Promise<Session> => openSession(t, u, { course });
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
const personId = async (sub: string) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]))[0]!.id;
const completionOf = async (sub: string, slug = MODULE) =>
  (
    await t.db.query<{ id: number }>(
      `SELECT e.id FROM learning_entries e JOIN modules m ON m.id = e.module_id
        WHERE e.person_id = (SELECT id FROM people WHERE platform_user_id = $1) AND m.slug = $2 AND e.kind = 'entry'`,
      [sub, slug],
    )
  )[0]!.id;
const followUpNotes = async () =>
  t.db.query<{ person_id: number; event_key: string; read_at: Date | null }>(
    `SELECT person_id, event_key, read_at FROM notifications WHERE kind = 'follow_up_due' ORDER BY person_id, event_key`,
  );
const answers = async () =>
  t.db.query<{ entry_id: number; role: string; respondent_id: number; ratings: Record<string, number> }>(
    'SELECT entry_id, role, respondent_id, ratings FROM follow_up_answers ORDER BY id',
  );
const sweep = () => t.app.followUps.sweep();
const LEARNER_ANSWER = { L1: '4', L2: '5', L3: '3', L4: '2', comment: 'ใช้ทำรายงานประจำเดือนด้วยตารางคำนวณ' };
const SUPERVISOR_ANSWER = { S1: '5', S2: '4', S3: '4', S4: '3', comment: '' };

describe('a follow-up, from the completion to the committee', () => {
  let learner: Session;
  let teacher: Session;
  let classmate: Session;
  let outsider: Session;
  let admin: Session;
  let entry: number;
  let reversedEntry: number;
  beforeAll(async () => {
    learner = await open(user({ locale: 'th', name: 'มาลี ตั้งใจ' }));
    classmate = await open(user({ locale: 'th', name: 'สมชาย เรียนดี' }));
    teacher = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Teacher One' }));
    // An instructor of another course is nobody's supervisor here.
    outsider = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'another-course');
    admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), 'admin-course');
    await passSampleModule(learner, MODULE);
    await passSampleModule(classmate, MODULE);
    entry = await completionOf(learner.user.sub);
    reversedEntry = await completionOf(classmate.user.sub);
    // The classmate's completion is reversed by the instructor: its follow-up is cancelled.
    const res = await postForm(
      teacher,
      `/app/learners/${await personId(classmate.user.sub)}/record/${reversedEntry}`,
      {
        action: 'reverse',
        reason: 'บันทึกผิดคน',
      },
    );
    expect(res.status).toBe(303);
  });

  it('before 8 weeks, nothing is due: no notification, an empty list, no count at home', async () => {
    ahead = 55 * DAY;
    expect(await sweep()).toBe(0);
    expect(await followUpNotes()).toEqual([]);
    const list = await get(learner, '/app/follow-ups');
    expect(list.status).toBe(200);
    expect(list.text).toContain('data-testid="follow-ups-none"');
    expect((await get(learner, '/app/home')).text).not.toContain('data-testid="home-follow-ups"');
    // Its questionnaire says when it opens, with no form.
    const page = await get(learner, `/app/follow-ups/${entry}/learner`);
    expect(page.text).toContain('data-testid="follow-up-not-yet"');
    expect(page.text).not.toContain('data-testid="follow-up-form"');
  });

  it('8 weeks after the completion, the sweep tells the learner and the course’s instructor once each; not the reversed one', async () => {
    ahead = 56 * DAY;
    expect(await sweep()).toBe(2);
    const rows = await followUpNotes();
    expect(rows.map((r) => [r.person_id, r.event_key])).toEqual(
      [
        [await personId(learner.user.sub), `follow-up:${entry}:learner`],
        [await personId(teacher.user.sub), `follow-up:${entry}:supervisor`],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    // A second sweep writes nothing more.
    expect(await sweep()).toBe(0);
    expect(await followUpNotes()).toHaveLength(2);
  });

  it('then the learner reaches it from the notification and from home, in Thai', async () => {
    const notes = await get(learner, '/app/notifications');
    expect(notes.text).toContain('ถึงเวลาติดตามผลหลังเรียน');
    expect(notes.text).toContain('href="/app/follow-ups?ltik');
    const home = await get(learner, '/app/home');
    expect(home.text).toContain('data-testid="home-follow-ups-count">1</span>');
    expect(home.text).toContain('href="/app/follow-ups?ltik');
    const list = await get(learner, '/app/follow-ups');
    expect(list.text).toContain('data-testid="follow-ups-mine"');
    expect(list.text).toContain(`href="/app/follow-ups/${entry}/learner?ltik`);
    expect(list.text).not.toContain(`/app/follow-ups/${reversedEntry}/`);
    const page = await get(learner, `/app/follow-ups/${entry}/learner`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('ฉันได้นำความรู้จากบทเรียนนี้ไปใช้ในการปฏิบัติงาน');
    expect(page.text).toContain('เห็นด้วยอย่างยิ่ง');
  });

  it('and the instructor sees it under the learners of their courses, in English', async () => {
    const list = await get(teacher, '/app/follow-ups?lang=en');
    expect(list.text).toContain('data-testid="follow-ups-supervised"');
    expect(list.text).toContain('มาลี ตั้งใจ');
    expect(list.text).toContain(`href="/app/follow-ups/${entry}/supervisor?ltik`);
    const page = await get(teacher, `/app/follow-ups/${entry}/supervisor?lang=en`);
    expect(page.text).toContain('The learner uses what they learnt in this module in their work.');
    expect((await get(teacher, '/app/notifications?lang=en')).text).toContain('มาลี ตั้งใจ completed');
  });

  it('nobody else may open or answer it: another learner, an instructor of another course or organisation, the learner as a supervisor', async () => {
    for (const [s, role] of [
      [classmate, 'learner'],
      [classmate, 'supervisor'],
      [outsider, 'supervisor'],
      [learner, 'supervisor'],
      [teacher, 'learner'],
    ] as const) {
      expect((await get(s, `/app/follow-ups/${entry}/${role}`)).status).toBe(403);
      const res = await postForm(s, `/app/follow-ups/${entry}/${role}`, LEARNER_ANSWER);
      expect(res.status).toBe(403);
    }
    // Someone of another organisation (another LMS) finds no such completion.
    const other = await registerAnotherLms(t);
    try {
      for (const [u, role] of [
        [user({ roles: [ROLE.instructor], locale: 'en' }), 'supervisor'],
        [user({ locale: 'en' }), 'learner'],
      ] as const) {
        const s = await openSession(other, u, { course: COURSE });
        expect((await get(s, `/app/follow-ups/${entry}/${role}`)).status).toBe(404);
        expect((await postForm(s, `/app/follow-ups/${entry}/${role}`, LEARNER_ANSWER)).status).toBe(404);
      }
    } finally {
      await other.close();
    }
    // A completion that does not exist, or a path that names no role.
    expect((await get(learner, '/app/follow-ups/999999999/learner')).status).toBe(404);
    expect((await get(learner, `/app/follow-ups/${entry}/boss`)).status).toBe(404);
    expect(await answers()).toEqual([]);
  });

  it('an answer with an item left out or off the scale comes back with every error in the user’s language, nothing written', async () => {
    const res = await postForm(learner, `/app/follow-ups/${entry}/learner`, {
      L1: '4',
      L2: '9',
      comment: 'x',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-testid="error-summary"');
    expect(res.text).toContain('โปรดเลือกระดับความคิดเห็น');
    expect(res.text).toContain('href="#L2-1"');
    expect(res.text).toContain('href="#L3-1"');
    // What was chosen stays chosen.
    expect(res.text).toMatch(/id="L1-4" name="L1" value="4" checked/);
    const en = await postForm(learner, `/app/follow-ups/${entry}/learner?lang=en`, { L1: '4' });
    expect(en.text).toContain('Choose one point of the scale.');
    const long = await postForm(learner, `/app/follow-ups/${entry}/learner`, {
      ...LEARNER_ANSWER,
      comment: 'ก'.repeat(2001),
    });
    expect(long.status).toBe(422);
    expect(await answers()).toEqual([]);
  });

  it('the learner answers once: thanks, their own answers shown to them, audited; a second answer writes nothing', async () => {
    const res = await postForm(learner, `/app/follow-ups/${entry}/learner`, LEARNER_ANSWER);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/app/follow-ups/${entry}/learner\\?done=thanks&ltik=`));
    const thanks = await learner.agent.get(res.headers.location as string);
    expect(thanks.text).toContain('data-testid="follow-up-thanks"');
    expect(thanks.text).toContain('data-testid="follow-up-own"');
    expect(thanks.text).toContain('ใช้ทำรายงานประจำเดือนด้วยตารางคำนวณ');
    expect(thanks.text).not.toContain('data-testid="follow-up-form"');
    const learnerId = await personId(learner.user.sub);
    expect(await answers()).toEqual([
      { entry_id: entry, role: 'learner', respondent_id: learnerId, ratings: { L1: 4, L2: 5, L3: 3, L4: 2 } },
    ]);
    const audit = await t.db.query<{
      actor_person_id: number;
      subject: string;
      details: Record<string, unknown>;
    }>(`SELECT actor_person_id, subject, details FROM audit_log WHERE action = 'follow_up.answered'`);
    expect(audit).toEqual([
      {
        actor_person_id: learnerId,
        subject: `completion ${entry}`,
        details: expect.objectContaining({ role: 'learner' }),
      },
    ]);
    // Who and which completion: never the answers.
    expect(JSON.stringify(audit)).not.toContain('ตารางคำนวณ');
    // Its notification has nothing left to ask.
    expect((await followUpNotes()).find((n) => n.person_id === learnerId)!.read_at).not.toBeNull();

    const again = await postForm(learner, `/app/follow-ups/${entry}/learner`, { ...LEARNER_ANSWER, L1: '1' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('data-testid="follow-up-already"');
    expect(again.text).toContain('This follow-up has already been answered, so nothing more was recorded.');
    expect(await answers()).toHaveLength(1);
    expect((await get(learner, '/app/follow-ups')).text).toContain('data-testid="follow-ups-none"');
  });

  it('the instructor answers as the supervisor; the answer is theirs alone to read', async () => {
    const res = await postForm(teacher, `/app/follow-ups/${entry}/supervisor`, SUPERVISOR_ANSWER);
    expect(res.status).toBe(303);
    expect((await answers()).map((a) => a.role)).toEqual(['learner', 'supervisor']);
    // The learner cannot read the supervisor's answer (it is not theirs to open).
    expect((await get(learner, `/app/follow-ups/${entry}/supervisor`)).status).toBe(403);
    const second = await postForm(teacher, `/app/follow-ups/${entry}/supervisor`, SUPERVISOR_ANSWER);
    expect(second.status).toBe(409);
    expect(await answers()).toHaveLength(2);
  });

  it('the committee sees response rates and the mean per item with n, per module and fiscal year, and its CSV', async () => {
    const fy = fiscalYearOf(bangkokToday(new Date(Date.now())));
    // The organisation report links to it.
    expect((await get(admin, '/app/organisation?lang=en')).text).toMatch(
      /href="\/app\/organisation\/follow-ups\?fy&#x3D;\d+&amp;ltik[^"]*" data-testid="follow-up-results-link"/,
    );
    const page = await get(admin, `/app/organisation/follow-ups?fy=${fy}&lang=en`);
    expect(page.status).toBe(200);
    // The reversed completion is no follow-up: one due, answered by both.
    expect(page.text).toContain('data-testid="follow-up-due">1</dd>');
    expect(page.text).toContain('data-testid="follow-up-learner-rate">1 of 1 (100%)</dd>');
    expect(page.text).toContain('data-testid="follow-up-supervisor-rate">1 of 1 (100%)</dd>');
    expect(page.text).toMatch(
      /data-item="L2"[\s\S]*?data-testid="follow-up-mean">5\.00<[\s\S]*?data-testid="follow-up-n">1</,
    );
    // Aggregated only: no free text, no name.
    expect(page.text).not.toContain('ตารางคำนวณ');
    expect(page.text).not.toContain('มาลี ตั้งใจ');
    const csv = await get(admin, `/app/organisation/follow-ups.csv?fy=${fy}&lang=en`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Fiscal year,Module,Follow-ups due,Learners answered,Learner response rate (%),Supervisors answered,Supervisor response rate (%),Answered by,Item code,Item,Mean,n',
    );
    expect(lines.find((l) => l.includes(',L1,'))).toMatch(
      new RegExp(`^${fy},.*,1,1,100,1,100,Learner,L1,.*,4\\.00,1$`),
    );
    // Only administrators.
    expect((await get(teacher, `/app/organisation/follow-ups?fy=${fy}`)).status).toBe(403);
    expect((await get(learner, `/app/organisation/follow-ups.csv?fy=${fy}`)).status).toBe(403);
    // The year without completions says so.
    expect((await get(admin, `/app/organisation/follow-ups?fy=${fy - 3}`)).text).toContain(
      'data-testid="follow-up-results-none"',
    );
  });

  it('a module set to 0 weeks asks for no follow-up, and its setting shows on the module form', async () => {
    // The administrator's edit form shows the module's weeks (8 by default, for modules from before).
    const form = await get(admin, `/app/catalogue/${MODULE}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/id="followUpWeeks" name="followUpWeeks" value="8"/);
    const sent = browserFormEntries(form.text, { name: 'action', value: 'publish' });
    const entries = sent.entries.map(([k, v]): [string, string] => [k, k === 'followUpWeeks' ? '0' : v]);
    const saved = await admin.agent.post(sent.action).type('form').send(urlencoded(entries));
    expect(saved.status).toBe(303);
    // The administrator's organisation's module (another organisation's copy keeps its own).
    const weeks = await t.db.query<{ follow_up_weeks: number }>(
      `SELECT m.follow_up_weeks FROM modules m JOIN people p ON p.tenant_id = m.tenant_id
        WHERE m.slug = $1 AND p.platform_user_id = $2`,
      [MODULE, admin.user.sub],
    );
    expect(weeks.map((w) => Number(w.follow_up_weeks))).toEqual([0]);
    // A bad value comes back with the field's message.
    const bad = await admin.agent
      .post(sent.action)
      .type('form')
      .send(
        urlencoded(sent.entries.map(([k, v]): [string, string] => [k, k === 'followUpWeeks' ? '99' : v])),
      );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter whole weeks, 0 to 52.');
    // A new completion of it in the admin's organisation is never due.
    const late = await open(user({ locale: 'th' }));
    await passSampleModule(late, MODULE);
    ahead += 60 * DAY;
    expect(await sweep()).toBe(0);
    expect((await get(late, '/app/follow-ups')).text).toContain('data-testid="follow-ups-none"');
  });
});
