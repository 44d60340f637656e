import { ROLE, user } from '../support/simulated-lms';
import { browserFormEntries, urlencoded } from '../support/html-form';
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
 * Issue #18 item 6: the organisation's choice of framework drives its targets and eligibility, hours from modules
 * mapped to either framework count through the crosswalk, and moving back and forth keeps every record.
 */
const OCSC = 'ocsc-digital-government-skills';
const TPQI = 'tpqi-digital-government-2567';

let t: TestApp;
let admin: Session;
let adminTh: Session;
let learner: Session;
let instructor: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await openSession(t, user({ sub: 'xw-admin', roles: [ROLE.sysAdmin], locale: 'en' }));
  adminTh = await openSession(t, user({ sub: 'xw-admin', roles: [ROLE.sysAdmin], locale: 'th' }));
  learner = await openSession(t, user({ sub: 'xw-learner', locale: 'en' }), { course: 'xw-course' });
  instructor = await openSession(t, user({ sub: 'xw-teacher', roles: [ROLE.instructor], locale: 'en' }), {
    course: 'xw-course',
  });
});
afterAll(async () => {
  await t.close();
});

const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));

/** An organisation rule made stricter through the rule editor's own form. */
async function stricterRule(assessment: string, field: string, hours: string) {
  const page = await get(admin, `/app/assessments/${assessment}/*?scope=organisation`);
  expect(page.status).toBe(200);
  const form = browserFormEntries(page.text, { name: 'action', value: 'save' });
  const entries = form.entries.map(([k, v]): [string, string] => [k, k === field ? hours : v]);
  const res = await admin.agent.post(form.action).type('form').send(urlencoded(entries));
  expect(res.status).toBe(303);
}

/** Credited hours per skill set on the learner's progress page. */
async function credited(): Promise<Record<string, string>> {
  const page = await get(learner, '/app/progress');
  expect(page.status).toBe(200);
  const out: Record<string, string> = {};
  for (const m of page.text.matchAll(
    /<li data-skill-set="([A-Z-]+)">[\s\S]*?<progress max="[^"]*" value="([^"]*)"/g,
  ))
    out[m[1]!] = m[2]!;
  return out;
}

const everything = async () =>
  t.db.query(
    `SELECT (SELECT count(*) FROM learning_entries)::int AS entries,
            (SELECT count(*) FROM eligibility_rule_overrides)::int AS rules,
            (SELECT count(*) FROM people WHERE target_group IS NOT NULL)::int AS groups,
            (SELECT json_agg(skill_hours ORDER BY id) FROM learning_entries) AS skill_hours,
            (SELECT json_agg(rule ORDER BY id) FROM eligibility_rule_overrides) AS rule_rows`,
  );
const chosenCode = async () =>
  (await t.db.query<{ framework_code: string | null }>('SELECT framework_code FROM tenants'))
    .map((r) => r.framework_code ?? OCSC)
    .sort();

describe('choosing the framework that drives the organisation', () => {
  beforeAll(async () => {
    // Under OCSC: completions mapped to OCSC skill sets, a target group, and two edited organisation rules.
    for (const slug of [
      'dps-citizen-centred-services',
      'dtf-leading-digital-transformation',
      'dld-digital-leadership',
    ])
      await passSampleModule(learner, slug);
    expect(
      (await postForm(learner, '/app/progress/target', { group: 'SERV', stage: 'DEVELOPING' })).status,
    ).toBe(303);
    await stricterRule('SKILL-DT', 'skill.DPS.min', '1');
    await stricterRule('SKILL-PSM', 'skill.PSM.min', '13');
  });

  it('under OCSC, the completions count in their own skill sets', async () => {
    expect(await credited()).toMatchObject({ DPS: '1.5', DTF: '1.5', DLD: '1.5' });
  });

  it.each([
    ['a learner', () => learner],
    ['an instructor', () => instructor],
  ])('when %s asks to choose TPQI, then 403 and nothing changes', async (_who, session) => {
    const before = await chosenCode();
    expect((await get(session(), `/app/framework/choose?framework=${TPQI}`)).status).toBe(403);
    const posted = await postForm(session(), '/app/framework/choose', { framework: TPQI, confirm: '1' });
    expect(posted.status).toBe(403);
    expect(await chosenCode()).toEqual(before);
  });

  it('when an administrator asks for TPQI, then the page says what changes and lists the rule that cannot be mapped, in English and Thai', async () => {
    const en = await get(admin, `/app/framework/choose?framework=${TPQI}`);
    expect(en.status).toBe(200);
    expect(en.text).toContain('Nothing is deleted');
    expect(en.text).toMatch(/<tr data-from="DPS">[\s\S]*?<code>DS<\/code>/);
    expect(en.text).toMatch(/<tr data-from="DTF">[\s\S]*?<code>DLD<\/code>/);
    expect(en.text).toMatch(/<tr data-from="PSM">[\s\S]*?Counts towards no skill set/);
    const mapped = /data-testid="rule-mapped">([\s\S]*?)<\/li>\s*<\/ul>/.exec(en.text)![1]!;
    expect(mapped).toContain('SKILL-DT');
    expect(mapped).toMatch(
      /Digital Process and Service Design Skill Set \(DPS\).*is read as.*Digital Service \(DS\)/,
    );
    const toFix = /data-testid="rule-to-fix">([\s\S]*?)<\/li>\s*<\/ul>/.exec(en.text)![1]!;
    expect(toFix).toContain('the framework has no assessment SKILL-PSM');
    expect(toFix).toContain('skill set PSM has no equivalent');
    expect(en.text).toMatch(/data-testid="group-to-choose">[\s\S]*?<code>SERV<\/code>: People: 1/);
    const th = await get(adminTh, `/app/framework/choose?framework=${TPQI}`);
    expect(th.status).toBe(200);
    expect(th.text).toContain('<html lang="th">');
    expect(th.text).toContain('ไม่มีสิ่งใดถูกลบ');
    expect(th.text).toContain('กรอบนี้ไม่มีการประเมิน SKILL-PSM');
    // Asking changes nothing; an unconfirmed post shows the same page.
    expect(await chosenCode()).toEqual([OCSC]);
    const unconfirmed = await postForm(admin, '/app/framework/choose', { framework: TPQI });
    expect(unconfirmed.status).toBe(200);
    expect(unconfirmed.text).toContain('data-testid="confirm-choice"');
    expect(await chosenCode()).toEqual([OCSC]);
    // An unknown framework is a clear 400 page, not a 5xx.
    expect((await get(admin, '/app/framework/choose?framework=nope')).status).toBe(400);
  });

  it('when the administrator confirms TPQI, then progress and eligibility are in TPQI areas with the OCSC-mapped hours, the audit row is written, and moving back restores everything', async () => {
    const before = await everything();
    const beforeCredited = await credited();

    const chosen = await postForm(admin, '/app/framework/choose', { framework: TPQI, confirm: '1' });
    expect(chosen.status).toBe(303);
    expect(await chosenCode()).toEqual([TPQI]);
    const audit = await t.db.query<{ subject: string; details: Record<string, unknown> }>(
      "SELECT subject, details FROM audit_log WHERE action = 'framework.chosen' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]).toEqual({
      subject: TPQI,
      details: expect.objectContaining({
        before: OCSC,
        after: TPQI,
        rulesToFix: 1,
        targetGroupsToChooseAgain: 1,
      }),
    });

    // OCSC Process and Service Design counts as TPQI Digital Service; Leadership and Transformation as Leadership.
    const tpqi = await credited();
    expect(tpqi).toMatchObject({ DS: '1.5', DLD: '3' });
    expect(Object.keys(tpqi).sort()).toEqual(['CS', 'DG', 'DL', 'DLD', 'DS', 'DT', 'DUS']);
    const page = await get(learner, '/app/progress');
    const ds = /<li data-assessment="SKILL-DS"[\s\S]*?<\/li>/.exec(page.text)![0];
    expect(ds).toContain('(you have 1.5 of 12)');
    const dld = /<li data-assessment="SKILL-DLD"[\s\S]*?<\/li>/.exec(page.text)![0];
    expect(dld).toContain('(you have 3 of 12)');
    // The matrix counts the OCSC-mapped module in TPQI Digital Service and names the OCSC counterparts.
    const matrix = await get(admin, '/app/catalogue/matrix');
    expect(matrix.status).toBe(200);
    expect(matrix.text).toMatch(
      /<tr data-module="dps-citizen-centred-services">(?:[\s\S](?!<\/tr>))*?<td [^>]*>1.5<\/td>/,
    );
    expect(matrix.text).toMatch(/data-counterparts="DS"><abbr title="[^"]*">DPS<\/abbr>/);
    expect(matrix.text).toMatch(/data-counterparts="DLD"><abbr[^>]*>DLD<\/abbr>, <abbr[^>]*>DTF<\/abbr>/);
    // The rule editor shows the OCSC edit in TPQI's codes, as eligibility reads it.
    const rule = await get(admin, '/app/assessments/SKILL-DT/*?scope=organisation');
    expect(rule.status).toBe(200);
    expect(browserFormEntries(rule.text, { name: 'action', value: 'save' }).entries).toContainEqual([
      'skill.DS.min',
      '1',
    ]);
    // The class view judges with the same counting.
    expect((await get(instructor, '/app/class')).status).toBe(200);
    expect(await everything()).toEqual(before);

    // Back to OCSC: the same hours where they were, nothing lost or rewritten.
    expect((await postForm(admin, '/app/framework/choose', { framework: OCSC, confirm: '1' })).status).toBe(
      303,
    );
    expect(await chosenCode()).toEqual([OCSC]);
    expect(await credited()).toEqual(beforeCredited);
    expect(await everything()).toEqual(before);
  });
});
