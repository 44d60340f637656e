import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { browserFormEntries, urlencoded } from '../support/html-form';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { withoutIsolates } from '../support/isolates';

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
/** Presses a button of the page's form as a browser would (the form's fields as the page filled them in). */
const press = (s: Session, html: string, button: string) => {
  const form = browserFormEntries(html, { name: 'action', value: button });
  return s.agent.post(form.action).type('form').send(urlencoded(form.entries));
};
const history = () =>
  t.db.query<{ assessment_code: string; target_group: string; loosened: boolean; dropped: unknown }>(
    'SELECT assessment_code, target_group, loosened, dropped FROM eligibility_rule_overrides ORDER BY id',
  );
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

  it("when the administrator lowers the organisation's rule and confirms what it drops, then learners in every course are judged by it", async () => {
    const ask = await postForm(admin, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '1',
    });
    // A looser rule is not saved at once: the page says what it would drop and asks to confirm.
    expect(ask.status).toBe(200);
    expect(withoutIsolates(ask.text)).toContain('data-testid="loosening"');
    expect(withoutIsolates(ask.text)).toContain('Minimum hours in Digital Literacy Skill Set: 12 → 1');
    expect(withoutIsolates(ask.text)).toContain(
      'Minimum share of 20 within Digital Literacy Skill Set (%): 10, no longer required',
    );
    expect(withoutIsolates(ask.text)).toContain('Modules no longer required: ');
    expect(withoutIsolates(ask.text)).toContain('Self-assessment within (months): 12, no longer required');
    expect(withoutIsolates(ask.text)).toContain(
      'Count only learning of the last (months): 24, no longer required',
    );
    expect(await history()).toHaveLength(0);
    const res = await press(admin, ask.text, 'confirm-save');
    expect(res.status).toBe(303);
    const [row] = await history();
    expect(row).toMatchObject({ assessment_code: 'TPQI-DL', target_group: '*', loosened: true });
    expect(row!.dropped).toEqual([
      { requirement: 'skillSetHours', skillSet: 'DL', from: 12, to: 1 },
      { requirement: 'skillSetShare', skillSet: 'DL', category: 20, from: 10 },
      { requirement: 'modules', modules: ['dl-computer-basics', 'dl-digital-security-threats'] },
      { requirement: 'selfAssessment', from: 12 },
      { requirement: 'recency', from: 24 },
    ]);
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
    expect(withoutIsolates(looser.text)).toContain('รายวิชาผ่อนเกณฑ์ของหน่วยงานไม่ได้ (หน่วยงานกำหนด 1)');
    // An instructor who asks for the organisation's scope is refused (it is for administrators and content
    // managers), never quietly given their course instead; nothing is written.
    const refused = await postForm(teacherA, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '2',
    });
    expect(refused.status).toBe(403);
    expect(await t.db.query('SELECT 1 FROM eligibility_rule_overrides')).toHaveLength(1);
    const narrowed = await postForm(teacherA, '/app/assessments/TPQI-DL/*', { 'skill.DL.min': '2' });
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
    // Back from the course's 2 hours to the organisation's 1: a loosening, confirmed in the teacher's Thai.
    const ask = await postForm(teacherA, '/app/assessments/TPQI-DL/*', { action: 'reset' });
    expect(ask.status).toBe(200);
    expect(withoutIsolates(ask.text)).toContain('เกณฑ์นี้กำหนดน้อยกว่าเกณฑ์ที่ใช้อยู่');
    expect(withoutIsolates(ask.text)).toContain('ชั่วโมงขั้นต่ำของ กลุ่มทักษะด้านความเข้าใจและใช้เทคโนโลยีดิจิทัล: 2 → 1');
    expect(await history()).toHaveLength(2);
    expect((await press(teacherA, ask.text, 'confirm-reset')).status).toBe(303);
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
describe('an edit starts from the rule in force and a loosening needs confirming', () => {
  let admin: Session;
  beforeAll(async () => {
    admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }), 'course-c');
    // The tenant's catalogue (the modules the rule requires) arrives on the first catalogue visit.
    expect((await get(admin, '/app/catalogue')).status).toBe(200);
  });

  it('when a group without a rule of its own is opened, then the form holds the rule it inherits: modules, shares, self-assessment and all', async () => {
    const res = await get(admin, '/app/assessments/TPQI-DL/SERV?scope=organisation');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="rule-inherited"');
    const fields = browserFormEntries(res.text, { name: 'action', value: 'save' }).entries;
    expect(fields).toEqual(
      expect.arrayContaining([
        ['skill.DL.min', '12'],
        ['skill.DL.share.20', '10'],
        ['module', 'dl-computer-basics'],
        ['module', 'dl-digital-security-threats'],
        ['selfAssessment', '12'],
        ['recency', '24'],
      ]),
    );
  });

  it('when that form is saved as it opened, then the group gets the same rule at once, with nothing dropped', async () => {
    const before = (await history()).length;
    const form = await get(admin, '/app/assessments/TPQI-DL/SERV?scope=organisation');
    const res = await press(admin, form.text, 'save');
    expect(res.status).toBe(303);
    const rows = await history();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      assessment_code: 'TPQI-DL',
      target_group: 'SERV',
      loosened: false,
      dropped: null,
    });
    const [rule] = await t.db.query<{ rule: unknown }>(
      'SELECT rule FROM eligibility_rule_overrides ORDER BY id DESC LIMIT 1',
    );
    expect(rule!.rule).toEqual({
      skillSets: [{ skillSet: 'DL', minHours: 12, minShare: { 20: 10 } }],
      requiredModules: ['dl-computer-basics', 'dl-digital-security-threats'],
      selfAssessmentWithinMonths: 12,
      recencyMonths: 24,
    });
  });

  it('when a looser rule is saved, then nothing is written until the confirm button is pressed: not by saving again, nor by a made-up token', async () => {
    const before = (await history()).length;
    const form = await get(admin, '/app/assessments/SKILL-DG/*?scope=organisation');
    const ask = await admin.agent
      .post(browserFormEntries(form.text).action)
      .type('form')
      .send(
        urlencoded(
          browserFormEntries(form.text, { name: 'action', value: 'save' })
            .entries.filter(([k]) => k !== 'selfAssessment')
            .map(([k, v]): [string, string] => [k, k === 'skill.DG.min' ? '6' : v]),
        ),
      );
    expect(ask.status).toBe(200);
    expect(withoutIsolates(ask.text)).toContain('Self-assessment within (months): 12, no longer required');
    expect(withoutIsolates(ask.text)).toMatch(/Minimum hours in Digital Governance[^:]*: 12 → 6/);
    // The second step keeps what was typed.
    expect(browserFormEntries(ask.text).entries).toContainEqual(['skill.DG.min', '6']);
    expect((await press(admin, ask.text, 'save')).status).toBe(200);
    const forged = browserFormEntries(ask.text, { name: 'action', value: 'confirm-save' }).entries.map(
      ([k, v]): [string, string] => [k, k === 'confirm' ? 'x'.repeat(22) : v],
    );
    const tampered = await admin.agent
      .post(browserFormEntries(ask.text).action)
      .type('form')
      .send(urlencoded(forged));
    expect(tampered.status).toBe(200);
    expect(tampered.text).toContain('data-testid="loosening"');
    expect(await history()).toHaveLength(before);

    // Meanwhile someone else changes the rule: the confirmation was for another change, so it asks again.
    expect(
      (
        await postForm(admin, '/app/assessments/SKILL-DG/*', {
          scope: 'organisation',
          'skill.DG.min': '15',
          selfAssessment: '12',
          recency: '24',
        })
      ).status,
    ).toBe(303);
    const stale = await press(admin, ask.text, 'confirm-save');
    expect(stale.status).toBe(200);
    expect(withoutIsolates(stale.text)).toMatch(/Minimum hours in Digital Governance[^:]*: 15 → 6/);
    expect(await history()).toHaveLength(before + 1);

    const done = await press(admin, stale.text, 'confirm-save');
    expect(done.status).toBe(303);
    const rows = await history();
    expect(rows).toHaveLength(before + 2);
    expect(rows.at(-1)).toEqual({
      assessment_code: 'SKILL-DG',
      target_group: '*',
      loosened: true,
      dropped: [
        { requirement: 'skillSetHours', skillSet: 'DG', from: 15, to: 6 },
        { requirement: 'selfAssessment', from: 12 },
      ],
    });
  });
});
